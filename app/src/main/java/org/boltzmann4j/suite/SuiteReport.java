package org.boltzmann4j.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.analysis.plot.Plots;
import org.boltzmann4j.analysis.plot.ProfileSeries;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.profile.ProfileCsv;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.ResultsJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The offline {@code report.html} of a suite, built from the run directories on disk (so
 * {@code b4j plot DIR} can rebuild it): which method wins where, every estimate against its exact
 * value, free-energy profiles of all samplers against the exact curve, and each run's plots.
 */
public final class SuiteReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case as read back from its results.json. */
    record CaseView(String id, Path dir, JsonNode results) {

        String group() {
            return results.path("system").path("name").asText() + " " + params(results.path("system").path("params"));
        }

        String sampler() {
            return results.path("sampler").path("name").asText();
        }

        /** True when the case has estimates to show: it finished or was interrupted. */
        boolean ok() {
            String status = results.path("status").asText();
            return ResultsJson.Status.OK.json().equals(status) || ResultsJson.Status.INTERRUPTED.json().equals(status);
        }

        double wall() {
            return results.path("wall_seconds").asDouble(Double.NaN);
        }

        /** The observable to compare methods by: the first with an exact value, else the first. */
        String headline() {
            JsonNode obs = results.path("observables");
            for (var it = obs.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (obs.path(name).has("exact")) {
                    return name;
                }
            }
            return obs.fieldNames().hasNext() ? obs.fieldNames().next() : null;
        }

        /** 1 / (stderr² × wall seconds) of the headline observable. */
        double efficiency() {
            String h = headline();
            if (h == null) {
                return Double.NaN;
            }
            double err = results.path("observables").path(h).path("stderr").asDouble(Double.NaN);
            return 1 / (err * err * wall());
        }
    }

    private SuiteReport() {
    }

    /** Rebuilds report.html (and the comparison plots under plots/) from {@code out/runs}. */
    public static void write(Path out, String name, String description) {
        List<CaseView> cases = readCases(out.resolve("runs"));
        Map<String, List<CaseView>> groups = new LinkedHashMap<>();
        for (CaseView c : cases) {
            groups.computeIfAbsent(c.ok() ? c.group() : "failed", k -> new ArrayList<>()).add(c);
        }
        Path plots = out.resolve("plots");
        try {
            Files.createDirectories(plots);
        } catch (IOException e) {
            throw B4jException.failure("cannot create %s: %s", plots, e.getMessage());
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(name)).append(" - boltzmann4j suite</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>Suite <code>").append(esc(name)).append("</code></h1>");
        h.append("<p>").append(esc(description)).append("</p>");
        long failed = cases.stream().filter(c -> !c.ok()).count();
        h.append(String.format(Locale.ROOT, "<p class=\"meta\">%d cases, %d failed, %.0f s of sampling in all.</p>",
                cases.size(), failed, cases.stream().mapToDouble(CaseView::wall).filter(Double::isFinite).sum()));

        h.append("<h2>Which method wins where</h2><p>Efficiency is 1/(stderr&sup2; &times; wall seconds) of the "
                + "headline observable (the first with an exact value): higher is better. A method whose estimate "
                + "misses the exact value by more than 3 stderr is marked <span class=\"bad\">biased</span> and "
                + "cannot win; nor can one whose error bar the run did not trust (too few samples per &tau;<sub>int"
                + "</sub>, R-hat above 1.1 or too small an ESS: marked untrusted, the reason on hover).</p>");
        int g = 0;
        for (Map.Entry<String, List<CaseView>> e : groups.entrySet()) {
            if (e.getKey().equals("failed")) {
                continue;
            }
            g++;
            h.append("<h3>").append(esc(e.getKey())).append("</h3>");
            h.append(groupTable(e.getValue()));
            String profile = profilePlot(plots, "group" + g, e.getKey(), e.getValue());
            if (profile != null) {
                h.append("<figure><img src=\"plots/").append(profile).append("\" alt=\"free-energy profiles of ")
                        .append(esc(e.getKey())).append("\"><figcaption>Free-energy profiles of all samplers against "
                                + "the exact curve.</figcaption></figure>");
            }
        }
        if (groups.containsKey("failed")) {
            h.append("<h2>Failed cases</h2><table><tr><th>case</th><th>error</th></tr>");
            for (CaseView c : groups.get("failed")) {
                h.append("<tr class=\"failed\"><td>").append(esc(c.id())).append("</td><td>")
                        .append(esc(c.results().path("error").asText("no results.json"))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Every estimate</h2>").append(estimatesTable(cases));
        h.append("<h2>Runs</h2>");
        for (CaseView c : cases) {
            h.append("<details><summary>").append(esc(c.id())).append("</summary>");
            for (String png : pngs(c.dir())) {
                h.append("<img class=\"run\" src=\"runs/").append(esc(c.id())).append('/').append(png)
                        .append("\" alt=\"").append(esc(png)).append("\">");
            }
            h.append("</details>");
        }
        h.append(SELF_CHECK).append("</body></html>");
        AtomicFiles.writeString(out.resolve("report.html"), h.toString());
    }

    private static String groupTable(List<CaseView> cases) {
        double best = cases.stream().filter(c -> !biased(c)).mapToDouble(CaseView::efficiency)
                .filter(Double::isFinite).max().orElse(Double.NaN);
        StringBuilder t = new StringBuilder("<table><tr><th>sampler</th><th>observable</th><th>estimate</th>"
                + "<th>exact</th><th>error / stderr</th><th>wall s</th><th>ESS/s</th><th>crossings</th>"
                + "<th>efficiency</th></tr>");
        for (CaseView c : cases.stream().sorted(Comparator.comparingDouble(CaseView::efficiency).reversed()).toList()) {
            String obs = c.headline();
            JsonNode o = c.results().path("observables").path(obs == null ? "" : obs);
            double eff = c.efficiency();
            boolean winner = Double.isFinite(eff) && eff == best;
            t.append("<tr").append(winner ? " class=\"winner\"" : "").append("><td>").append(esc(c.sampler()))
                    .append(winner ? " &#9733;" : "").append("</td><td>").append(esc(String.valueOf(obs)))
                    .append("</td><td>").append(pm(o)).append("</td><td>").append(num(o.path("exact")))
                    .append("</td><td").append(biased(c) ? " class=\"bad\"" : "").append('>')
                    .append(num(o.path("error_in_stderr"))).append("</td><td>").append(fmt(c.wall()))
                    .append("</td><td>").append(fmt(o.path("ess").asDouble(Double.NaN) / c.wall())).append("</td><td>")
                    .append(num(c.results().path("transitions").path("count"))).append("</td><td>")
                    .append(bar(eff, best)).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    /** The headline misses its exact value by more than 3 stderr, or its error bar is not trusted. */
    private static boolean biased(CaseView c) {
        String h = c.headline();
        JsonNode o = c.results().path("observables").path(h == null ? "" : h);
        return Math.abs(o.path("error_in_stderr").asDouble(0)) > 3 || untrusted(o);
    }

    private static String estimatesTable(List<CaseView> cases) {
        StringBuilder t = new StringBuilder("<table><tr><th>case</th><th>observable</th><th>estimate</th><th>exact</th>"
                + "<th>error / stderr</th><th>&tau;<sub>int</sub></th><th>ESS</th><th>wall s</th>"
                + "<th>energy evaluations</th></tr>");
        for (CaseView c : cases) {
            if (!c.ok()) {
                continue;
            }
            List<Map.Entry<String, JsonNode>> rows = new ArrayList<>();
            c.results().path("observables").fields().forEachRemaining(rows::add);
            JsonNode lnZ = c.results().path("ln_z");
            if (lnZ.isObject()) {
                rows.add(Map.entry("ln_z", lnZ));
            }
            for (Map.Entry<String, JsonNode> r : rows) {
                JsonNode o = r.getValue();
                double z = o.has("exact") ? (o.path("estimate").isMissingNode() ? o.path("error_in_stderr").asDouble()
                        : (o.path("estimate").asDouble() - o.path("exact").asDouble()) / o.path("stderr").asDouble())
                        : Double.NaN;
                t.append("<tr><td>").append(esc(c.id())).append("</td><td>").append(esc(r.getKey())).append("</td><td>")
                        .append(pm(o)).append("</td><td>").append(num(o.path("exact"))).append("</td><td")
                        .append(Math.abs(z) > 3 ? " class=\"bad\"" : "").append('>').append(fmt(z)).append("</td><td>")
                        .append(num(o.path("tau_int"))).append("</td><td>").append(num(o.path("ess"))).append("</td><td>")
                        .append(fmt(c.wall())).append("</td><td>").append(num(c.results().path("energy_evaluations")))
                        .append("</td></tr>");
            }
        }
        return t.append("</table>").toString();
    }

    private static String profilePlot(Path plots, String file, String title, List<CaseView> cases) {
        List<String> labels = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        List<Csv.Table> exacts = new ArrayList<>();
        String orderParameter = null;
        for (CaseView c : cases) {
            String op = c.results().path("transitions").path("order_parameter")
                    .asText(c.results().path("free_energy_difference").path("order_parameter").asText(null));
            Path csv = op == null ? null : c.dir().resolve("profile_" + op + ".csv");
            if (csv == null || !Files.exists(csv)) {
                continue;
            }
            orderParameter = op;
            labels.add(c.sampler() + " seed " + c.results().path("seed").asText());
            profiles.add(ProfileCsv.read(csv));
            Path exactCsv = c.dir().resolve("profile_" + op + "_exact.csv");
            exacts.add(Files.exists(exactCsv) ? Csv.read(exactCsv) : null);
        }
        if (profiles.isEmpty()) {
            return null;
        }
        // one black exact curve when the cases share it, else each case's own in its colour
        Csv.Table first = exacts.get(0);
        boolean shared = exacts.stream().allMatch(e -> e == null ? first == null : first != null
                && Arrays.equals(e.column(0), first.column(0)) && Arrays.equals(e.column(1), first.column(1)));
        Csv.Table exact = shared ? first : null;
        List<ProfileSeries> series = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Csv.Table own = shared ? null : exacts.get(i);
            series.add(new ProfileSeries(labels.get(i), profiles.get(i), own == null ? null : own.column(0),
                    own == null ? null : own.column(1)));
        }
        String png = file + ".png";
        Plots.freeEnergyProfile(plots.resolve(png), title, orderParameter, series,
                exact == null ? null : exact.column(0), exact == null ? null : exact.column(1));
        return png;
    }

    private static List<CaseView> readCases(Path runs) {
        if (!Files.isDirectory(runs)) {
            throw B4jException.badInput("%s holds no suite runs", runs.getParent());
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            List<CaseView> cases = new ArrayList<>();
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path json = d.resolve("results.json");
                JsonNode node = Files.exists(json) ? ResultsJson.read(json) : JSON.createObjectNode()
                        .put("status", "failed").put("error", "the run left no results.json");
                cases.add(new CaseView(d.getFileName().toString(), d, node));
            }
            return cases;
        } catch (IOException e) {
            throw B4jException.failure("cannot read %s: %s", runs, e.getMessage());
        }
    }

    private static List<String> pngs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String bar(double value, double best) {
        if (!Double.isFinite(value) || !Double.isFinite(best) || best <= 0) {
            return fmt(value);
        }
        // log scale over six decades below the best
        double width = Math.max(1, 100 * (1 + Math.log10(Math.max(value / best, 1e-6)) / 6));
        return String.format(Locale.ROOT, "<div class=\"bar\"><span style=\"width:%.0f%%\"></span></div>%s", width,
                fmt(value));
    }

    private static String params(JsonNode p) {
        List<String> parts = new ArrayList<>();
        p.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(" ", parts);
    }

    /** mean ± stderr, marked where the run did not trust the error bar (and why, on hover). */
    private static String pm(JsonNode o) {
        JsonNode mean = o.has("mean") ? o.path("mean") : o.path("estimate");
        String value = num(mean) + " &plusmn; " + num(o.path("stderr"));
        return untrusted(o) ? "<span class=\"bad\" title=\"" + esc(o.path("untrusted_because").asText("untrusted"))
                + "\">" + value + " (untrusted)</span>" : value;
    }

    private static boolean untrusted(JsonNode o) {
        return o.path("trusted").isBoolean() && !o.path("trusted").asBoolean();
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? fmt(n.asDouble()) : "&ndash;";
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : "&ndash;";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = "body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
            + "text-align:right}th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}"
            + ".winner{background:#e8f6e8}.bad{color:#b00;font-weight:bold}.failed{background:#fbe9e9}"
            + ".bar{display:inline-block;width:120px;height:10px;background:#eee;margin-right:6px}"
            + ".bar span{display:block;height:10px;background:#4a7}img{max-width:100%}img.run{max-width:48%;"
            + "margin:4px}figure{margin:1em 0}.meta{color:#666}";

    /** Marks the page with counts of loaded and broken images, for headless checks. */
    private static final String SELF_CHECK = "<script>window.addEventListener('load',function(){"
            + "var im=document.images,ok=0,bad=0;for(var i=0;i<im.length;i++){if(im[i].complete&&im[i].naturalWidth>0)"
            + "ok++;else bad++;}document.body.setAttribute('data-images-loaded',ok);"
            + "document.body.setAttribute('data-images-broken',bad);"
            + "document.body.setAttribute('data-tables',document.querySelectorAll('table tr').length);});</script>";
}
