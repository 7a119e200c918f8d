package com.kaphera.cloud.governance.api;

import java.util.List;

/** Every version of a dataspace's profile, newest first. */
public record ProfileVersionList(List<ProfileVersionView> items) {
}
