package com.kaphera.cloud.billing.api.metering;

import com.kaphera.cloud.billing.metering.UsageReport;
import com.kaphera.cloud.common.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a usage report: counts, and each refused event with its errors. */
@Schema(name = "UsageReportResult", example = """
        {"accepted":998,"duplicates":1,"late":0,"rejected":[{"index":17,"id":"edc-7f3a:0018",\
        "errors":[{"field":"quantity","message":"must not be negative"}]}]}""")
public record UsageReportView(
        @Schema(description = "New events stored and counted") int accepted,
        @Schema(description = "Events whose id was already known: not counted again") int duplicates,
        @Schema(description = "Of the accepted, events of an invoiced month: billed in the open period as an adjustment")
        int late,
        @Schema(description = "Refused events; the batch's other events were kept") List<Rejected> rejected) {

    /** A refused event: its position in the batch (from 0), its id as sent, and why. */
    @Schema(name = "UsageEventRejected")
    public record Rejected(int index, @Schema(nullable = true) String id, List<FieldError> errors) {
    }

    static UsageReportView of(UsageReport r) {
        return new UsageReportView(r.accepted(), r.duplicates(), r.late(),
                r.rejected().stream().map(x -> new Rejected(x.index(), x.id(), x.errors())).toList());
    }
}
