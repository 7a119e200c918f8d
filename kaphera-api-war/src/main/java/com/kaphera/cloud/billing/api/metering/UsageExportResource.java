package com.kaphera.cloud.billing.api.metering;

import com.kaphera.cloud.billing.metering.UsageExport;
import com.kaphera.cloud.billing.metering.UsageExport.StoredEvent;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.RequestValues;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** GET /api/v1/organisations/{org}/usage-events: JSON pages, or the whole period as CSV. */
@RequestScoped
@Path("/api/v1/organisations/{org}/usage-events")
public class UsageExportResource implements UsageExportApi {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;
    private static final int CSV_PAGE = 5000;

    @EJB
    UsageExport export;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.BILLING_MANAGE)
    public Response export(String org, String period, String format, String limit, String continueToken, String accept) {
        YearMonth asked = RequestValues.month(period, "period");
        YearMonth month = asked == null ? YearMonth.now(ZoneOffset.UTC) : asked;
        boolean csv = csv(format, accept);
        Caller who = caller.get();
        if (!csv) {
            Page<StoredEvent> page = export.page(who, org, month, limit(limit), continueToken);
            return Response.ok(new UsageEventView.Page(page.items().stream().map(UsageEventView::of).toList(), page.next()),
                    MediaType.APPLICATION_JSON).build();
        }
        // The first page is read now, so that a refusal is a problem answer rather than a broken stream.
        Page<StoredEvent> first = export.page(who, org, month, CSV_PAGE, null);
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write("id,metric,quantity,occurredAt,billingPeriod,late,subject,reportedBy,receivedAt\r\n");
            Page<StoredEvent> page = first;
            while (true) {
                for (StoredEvent e : page.items()) {
                    w.write(String.join(",", cell(e.id()), e.metric(), e.quantity().toPlainString(), e.occurredAt().toString(),
                            e.billingPeriod().toString(), Boolean.toString(e.late()), cell(e.subject()), cell(e.reportedBy()),
                            e.receivedAt().toString()));
                    w.write("\r\n");
                }
                if (page.next() == null) {
                    break;
                }
                page = export.page(who, org, month, CSV_PAGE, page.next());
            }
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"usage-" + org + "-" + month + ".csv\"").build();
    }

    static boolean csv(String format, String accept) {
        if (format != null && !format.isBlank()) {
            switch (format.strip()) {
                case "csv":
                    return true;
                case "json":
                    return false;
                default:
                    throw new InvalidInputException(new FieldError("format", "must be json or csv"));
            }
        }
        return accept != null && accept.contains("text/csv") && !accept.contains(MediaType.APPLICATION_JSON);
    }

    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so that spreadsheets do not run it as a formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
