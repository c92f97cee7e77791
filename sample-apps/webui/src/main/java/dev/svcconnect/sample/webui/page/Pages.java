package dev.svcconnect.sample.webui.page;

import static dev.svcconnect.sample.webui.page.Html.escape;

import dev.svcconnect.sample.items.v1.Info;
import dev.svcconnect.sample.items.v1.Item;
import java.time.Instant;
import java.util.List;

/** Renders webui's pages; every value from outside is escaped. */
public final class Pages {

    /** The longest item name the form accepts, as appserver does. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final String STYLE =
            "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
                    + "li{margin:.3rem 0}small{color:#666}.meta{color:#444;font-size:.9rem}"
                    + ".error{border-left:4px solid #c00;padding-left:1rem}";

    private Pages() {}

    /** The items page: greeting, who served it, the form and the newest items. */
    public static String items(String webuiTask, Info appserver, List<Item> items, long total) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Items</h1>\n")
                .append("<p class=\"greeting\">")
                .append(escape(appserver.getGreeting()))
                .append("</p>\n")
                .append("<p class=\"meta\">Served by webui task <code class=\"webui-task\">")
                .append(escape(webuiTask))
                .append("</code> with appserver task <code class=\"appserver-task\">")
                .append(escape(appserver.getTaskId()))
                .append("</code> (version ")
                .append(escape(appserver.getVersion()))
                .append(")</p>\n")
                .append("<form method=\"post\" action=\"/items\">")
                .append("<label>New item <input name=\"name\" maxlength=\"")
                .append(MAX_NAME_LENGTH)
                .append("\" required autofocus></label> <button type=\"submit\">Add</button></form>\n")
                .append("<p class=\"total\">")
                .append(total)
                .append(total == 1 ? " item" : " items");
        if (total > items.size()) {
            body.append(", the newest ").append(items.size()).append(" shown");
        }
        body.append("</p>\n<ul id=\"items\">\n");
        for (Item item : items) {
            body.append("<li data-id=\"")
                    .append(item.getId())
                    .append("\">")
                    .append(escape(item.getName()))
                    .append(" <small>added by ")
                    .append(escape(item.getAddedBy()))
                    .append(" at ")
                    .append(Instant.ofEpochMilli(item.getCreatedAtMillis()))
                    .append("</small></li>\n");
        }
        body.append("</ul>\n");
        return document("Items", body.toString());
    }

    /** An error page: the status, a title and the reason, never a stack trace. */
    public static String error(int status, String title, String reason) {
        return document(
                status + " " + title,
                "<h1>" + status + " " + escape(title) + "</h1>\n" + "<p class=\"error\">" + escape(reason)
                        + "</p>\n<p><a href=\"/\">Back to the items</a></p>\n");
    }

    private static String document(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " - svc-connect sample</title>\n<style>" + STYLE + "</style>\n"
                + "</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
