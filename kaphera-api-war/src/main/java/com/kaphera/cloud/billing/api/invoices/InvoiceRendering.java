package com.kaphera.cloud.billing.api.invoices;

import com.kaphera.cloud.billing.invoices.Invoice;
import com.kaphera.cloud.billing.invoices.InvoiceLine;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.web.RequestValues;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** An invoice as JSON, CSV (one row per line, then the totals) or a readable HTML page: one place for all three. */
final class InvoiceRendering {
    static final String CSV = "text/csv; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private InvoiceRendering() {
    }

    static UUID id(String raw) {
        return RequestValues.uuid(raw, "invoice");
    }

    /** The invoice in {@code format} (json, csv, html; json when absent), with a download name for csv and html. */
    static Response render(Invoice invoice, String format, List<Invoice> creditNotes) {
        String f = format == null || format.isBlank() ? "json" : format.strip();
        String name = invoice.number() == null ? invoice.id().toString() : invoice.number();
        return switch (f) {
            case "json" -> Response.ok(json(invoice, creditNotes), "application/json").build();
            case "csv" -> Response.ok(csv(invoice), CSV).header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
            case "html" -> Response.ok(html(invoice), HTML).build();
            default -> throw new InvalidInputException(new FieldError("format", "must be json, csv or html"));
        };
    }

    static JsonObject page(Page<Invoice> page) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(i -> items.add(summary(i)));
        JsonObjectBuilder body = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            body.add("continue", page.next());
        }
        return body.build();
    }

    static JsonObjectBuilder summary(Invoice i) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("id", i.id().toString()).add("kind", i.kind());
        add(o, "number", i.number());
        o.add("state", i.state()).add("billedTo", i.billedTo());
        add(o, "organisation", i.organisation());
        add(o, "customerAccount", i.customerAccountId() == null ? null : i.customerAccountId().toString());
        o.add("period", i.periodStart().toString().substring(0, 7)).add("periodStart", i.periodStart().toString())
                .add("periodEnd", i.periodEnd().minusDays(1).toString()).add("currency", i.currency())
                .add("subtotal", i.subtotal().toPlainString()).add("taxRate", i.taxRate().stripTrailingZeros().toPlainString())
                .add("tax", i.tax().toPlainString()).add("total", i.total().toPlainString()).add("country", i.country());
        add(o, "credits", i.creditsInvoiceId() == null ? null : i.creditsInvoiceId().toString());
        add(o, "reason", i.reason());
        add(o, "issuedAt", i.issuedAt() == null ? null : i.issuedAt().toString());
        add(o, "paidAt", i.paidAt() == null ? null : i.paidAt().toString());
        add(o, "voidedAt", i.voidedAt() == null ? null : i.voidedAt().toString());
        return o;
    }

    static JsonObject json(Invoice i, List<Invoice> creditNotes) {
        JsonArrayBuilder lines = Json.createArrayBuilder();
        for (InvoiceLine l : i.lines()) {
            JsonObjectBuilder line = Json.createObjectBuilder().add("kind", l.kind());
            add(line, "metric", l.metric());
            line.add("description", l.description()).add("quantity", plain(l.quantity())).add("unit", l.unit())
                    .add("unitPrice", plain(l.unitPrice())).add("amount", l.amount().setScale(i.total().scale()).toPlainString());
            add(line, "from", l.from() == null ? null : l.from().toString());
            add(line, "to", l.to() == null ? null : l.to().toString());
            lines.add(line);
        }
        JsonArrayBuilder notes = Json.createArrayBuilder();
        creditNotes.forEach(n -> notes.add(Json.createObjectBuilder().add("id", n.id().toString()).add("number", n.number())
                .add("total", n.total().toPlainString())));
        return summary(i).add("lines", lines).add("creditNotes", notes).build();
    }

    static String csv(Invoice i) {
        StringBuilder b = new StringBuilder("number,kind,period,line,metric,description,quantity,unit,unit_price,amount,currency\n");
        int n = 1;
        for (InvoiceLine l : i.lines()) {
            b.append(cells(i.number(), l.kind(), i.periodStart().toString().substring(0, 7), String.valueOf(n++), l.metric(),
                    l.description(), plain(l.quantity()), l.unit(), plain(l.unitPrice()), l.amount().setScale(i.total().scale()).toPlainString(),
                    i.currency()));
        }
        b.append(cells(i.number(), "subtotal", null, null, null, null, null, null, null, i.subtotal().toPlainString(), i.currency()));
        b.append(cells(i.number(), "tax", null, null, null, "tax " + i.taxRate().stripTrailingZeros().toPlainString() + " % ("
                + i.country() + ")", null, null, null, i.tax().toPlainString(), i.currency()));
        b.append(cells(i.number(), "total", null, null, null, null, null, null, null, i.total().toPlainString(), i.currency()));
        return b.toString();
    }

    private static String cells(String... values) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < values.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            String v = values[k] == null ? "" : values[k];
            // Quoted when needed; a leading = + - @ is defused for spreadsheets (CSV injection).
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
                v = "'" + v;
            }
            b.append(v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return b.append('\n').toString();
    }

    static String html(Invoice i) {
        String title = (Invoice.CREDIT_NOTE.equals(i.kind()) ? "Credit note " : "Invoice ") + (i.number() == null ? "(draft)" : i.number());
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto}table{border-collapse:collapse;"
                        + "width:100%}td,th{border-bottom:1px solid #ccc;padding:.3em;text-align:left}td.n,th.n{text-align:right}"
                        + "</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>Kaphera Cloud · billed to <strong>")
                .append(esc(i.billedTo())).append("</strong> (").append(esc(i.country())).append(")<br>Period ")
                .append(i.periodStart()).append(" to ").append(i.periodEnd().minusDays(1)).append(" · state ").append(esc(i.state()));
        if (i.issuedAt() != null) {
            b.append(" · issued ").append(i.issuedAt().toString(), 0, 10);
        }
        if (i.reason() != null) {
            b.append("<br>").append(esc(i.reason()));
        }
        b.append("</p>\n<table><thead><tr><th>Description</th><th class=\"n\">Quantity</th><th>Unit</th><th class=\"n\">Unit price</th>"
                + "<th class=\"n\">Amount</th></tr></thead><tbody>\n");
        for (InvoiceLine l : i.lines()) {
            b.append("<tr><td>").append(esc(l.description())).append("</td><td class=\"n\">").append(plain(l.quantity()))
                    .append("</td><td>").append(esc(l.unit())).append("</td><td class=\"n\">").append(plain(l.unitPrice()))
                    .append("</td><td class=\"n\">").append(l.amount().setScale(i.total().scale()).toPlainString()).append("</td></tr>\n");
        }
        b.append("</tbody><tfoot><tr><th colspan=\"4\">Subtotal</th><td class=\"n\">").append(i.subtotal().toPlainString())
                .append("</td></tr><tr><th colspan=\"4\">Tax ").append(i.taxRate().stripTrailingZeros().toPlainString())
                .append(" %</th><td class=\"n\">").append(i.tax().toPlainString()).append("</td></tr><tr><th colspan=\"4\">Total ")
                .append(esc(i.currency())).append("</th><td class=\"n\"><strong>").append(i.total().toPlainString())
                .append("</strong></td></tr></tfoot></table>\n</body></html>\n");
        return b.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static void add(JsonObjectBuilder o, String key, String value) {
        if (value != null) {
            o.add(key, value);
        }
    }
}
