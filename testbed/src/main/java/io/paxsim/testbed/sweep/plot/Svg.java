package io.paxsim.testbed.sweep.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Small self-contained SVG charts (line, box, bar) drawn as text, for pages that must work with
 * no network and no script. Every number is printed with {@link Locale#ROOT}, so the same data
 * gives the same bytes on every machine.
 */
public final class Svg {
    /** Colour-blind-safe palette (Okabe-Ito), cycled per series. */
    private static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
    private static final int WIDTH = 440;
    private static final int HEIGHT = 260;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 60;

    /** A named polyline. */
    public record Series(String label, double[] xs, double[] ys) {
    }

    private Svg() {
    }

    public static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Lines over a linear or log10 x axis; y from 0 to {@code yMax}. */
    public static String lineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                                   double yMax, DoubleFunction<String> xFormat) {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double x : s.xs()) {
                double t = logX ? Math.log10(Math.max(x, 1)) : x;
                xMin = Math.min(xMin, t);
                xMax = Math.max(xMax, t);
            }
        }
        if (xMin > xMax) {
            return empty(title, "no data");
        }
        if (logX) {
            xMin = Math.floor(xMin);
            xMax = Math.max(xMin + 1, Math.ceil(xMax));
        } else if (xMax == xMin) {
            xMax = xMin + 1;
        }
        Frame f = new Frame(xMin, xMax, 0, yMax);
        StringBuilder sb = open(title);
        List<Double> xTicks = new ArrayList<>();
        if (logX) {
            for (double e = xMin; e <= xMax; e++) {
                xTicks.add(e);
            }
        } else {
            xTicks.addAll(niceTicks(xMin, xMax));
        }
        final boolean lx = logX;
        axes(sb, f, xTicks, niceTicks(0, yMax), t -> xFormat.apply(lx ? Math.pow(10, t) : t), Svg::number, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < s.xs().length; k++) {
                double t = logX ? Math.log10(Math.max(s.xs()[k], 1)) : s.xs()[k];
                pts.append(fmt(f.x(t))).append(',').append(fmt(f.y(s.ys()[k]))).append(' ');
            }
            sb.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(color(i)).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"><title>").append(esc(s.label())).append("</title></polyline>\n");
        }
        legend(sb, series.stream().map(Series::label).toList());
        return sb.append("</svg>\n").toString();
    }

    /** One box (quartiles, whiskers at min/max, mean as a dot) per group. */
    public static String boxPlot(String title, String yLabel, List<String> labels, List<List<Double>> groups) {
        List<Integer> colors = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            colors.add(i);
        }
        return boxPlot(title, yLabel, labels, groups, colors);
    }

    /** As {@link #boxPlot(String, String, List, List)}, box {@code i} in palette colour {@code colors.get(i)}. */
    public static String boxPlot(String title, String yLabel, List<String> labels, List<List<Double>> groups,
                                 List<Integer> colors) {
        double yMax = 0;
        for (List<Double> g : groups) {
            for (double v : g) {
                yMax = Math.max(yMax, v);
            }
        }
        if (groups.isEmpty() || yMax <= 0) {
            return empty(title, "no data");
        }
        yMax = niceMax(yMax);
        Frame f = new Frame(0, groups.size(), 0, yMax);
        StringBuilder sb = open(title);
        axes(sb, f, List.of(), niceTicks(0, yMax), t -> "", Svg::number, "", yLabel);
        double slot = (f.x(1) - f.x(0));
        for (int i = 0; i < groups.size(); i++) {
            List<Double> g = new ArrayList<>(groups.get(i));
            double cx = f.x(i + 0.5);
            label(sb, cx, HEIGHT - BOTTOM + 14, labels.get(i), slot);
            if (g.isEmpty()) {
                continue;
            }
            g.sort(Double::compare);
            double q1 = quantile(g, 0.25);
            double med = quantile(g, 0.5);
            double q3 = quantile(g, 0.75);
            double mean = g.stream().mapToDouble(Double::doubleValue).sum() / g.size();
            double w = Math.min(40, slot * 0.5);
            String c = color(colors.get(i));
            sb.append(line(cx, f.y(g.get(0)), cx, f.y(g.get(g.size() - 1)), c));
            sb.append("<rect x=\"").append(fmt(cx - w / 2)).append("\" y=\"").append(fmt(f.y(q3))).append("\" width=\"")
                    .append(fmt(w)).append("\" height=\"").append(fmt(Math.max(1, f.y(q1) - f.y(q3))))
                    .append("\" fill=\"").append(c).append("\" fill-opacity=\"0.25\" stroke=\"").append(c).append("\"><title>")
                    .append(esc(labels.get(i))).append(": n=").append(g.size()).append(", median ").append(number(med))
                    .append(", mean ").append(number(mean)).append("</title></rect>\n");
            sb.append(line(cx - w / 2, f.y(med), cx + w / 2, f.y(med), c));
            sb.append("<circle cx=\"").append(fmt(cx)).append("\" cy=\"").append(fmt(f.y(mean)))
                    .append("\" r=\"2.5\" fill=\"").append(c).append("\"/>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    /** Grouped bars: one group per category, one bar per series; NaN draws no bar. */
    public static String barChart(String title, String yLabel, List<String> categories, List<String> seriesLabels,
                                  double[][] values, double yMax) {
        if (categories.isEmpty() || seriesLabels.isEmpty()) {
            return empty(title, "no data");
        }
        Frame f = new Frame(0, categories.size(), 0, yMax);
        StringBuilder sb = open(title);
        axes(sb, f, List.of(), niceTicks(0, yMax), t -> "", Svg::number, "", yLabel);
        double slot = f.x(1) - f.x(0);
        double bar = slot * 0.8 / seriesLabels.size();
        for (int c = 0; c < categories.size(); c++) {
            label(sb, f.x(c + 0.5), HEIGHT - BOTTOM + 14, categories.get(c), slot);
            for (int s = 0; s < seriesLabels.size(); s++) {
                double v = values[s][c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = f.x(c) + slot * 0.1 + s * bar;
                sb.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(f.y(v))).append("\" width=\"")
                        .append(fmt(bar * 0.9)).append("\" height=\"").append(fmt(Math.max(0.5, f.y(0) - f.y(v))))
                        .append("\" fill=\"").append(color(s)).append("\"><title>").append(esc(seriesLabels.get(s)))
                        .append(" / ").append(esc(categories.get(c))).append(": ").append(number(v)).append("</title></rect>\n");
            }
        }
        legend(sb, seriesLabels);
        return sb.append("</svg>\n").toString();
    }

    private record Frame(double x0, double x1, double y0, double y1) {
        double x(double v) {
            return LEFT + (v - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            double t = y1 == y0 ? 0 : (Math.min(v, y1) - y0) / (y1 - y0);
            return HEIGHT - BOTTOM - t * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static StringBuilder open(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"10\">\n");
        sb.append("<text x=\"").append(WIDTH / 2).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>\n");
        return sb;
    }

    private static String empty(String title, String why) {
        return open(title).append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\" fill=\"#888\">").append(esc(why)).append("</text>\n</svg>\n").toString();
    }

    private static void axes(StringBuilder sb, Frame f, List<Double> xTicks, List<Double> yTicks,
                             DoubleFunction<String> xFormat, DoubleFunction<String> yFormat, String xLabel, String yLabel) {
        for (double t : yTicks) {
            double y = f.y(t);
            sb.append(line(LEFT, y, WIDTH - RIGHT, y, "#e4e4e4"));
            sb.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(fmt(y + 3)).append("\" text-anchor=\"end\">")
                    .append(esc(yFormat.apply(t))).append("</text>\n");
        }
        for (double t : xTicks) {
            double x = f.x(t);
            sb.append(line(x, TOP, x, HEIGHT - BOTTOM, "#efefef"));
            sb.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 13)
                    .append("\" text-anchor=\"middle\">").append(esc(xFormat.apply(t))).append("</text>\n");
        }
        sb.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#444"));
        sb.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#444"));
        if (!xLabel.isEmpty()) {
            sb.append("<text x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - BOTTOM + 27)
                    .append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>\n");
        }
        sb.append("<text transform=\"translate(12,").append((TOP + HEIGHT - BOTTOM) / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(yLabel)).append("</text>\n");
    }

    private static void legend(StringBuilder sb, List<String> labels) {
        double x = LEFT;
        double y = HEIGHT - 14;
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            double w = 16 + 6 * l.length();
            if (x + w > WIDTH && x > LEFT) {
                x = LEFT;
                y += 12;
            }
            sb.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y - 8)).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(color(i)).append("\"/>");
            sb.append("<text x=\"").append(fmt(x + 13)).append("\" y=\"").append(fmt(y)).append("\">").append(esc(l)).append("</text>\n");
            x += w;
        }
    }

    /** A category label under the x axis; "a / b" goes on two lines, each cut to fit its slot. */
    private static void label(StringBuilder sb, double cx, double y, String text, double slot) {
        int max = Math.max(4, (int) (slot / 6));
        String[] lines = text.split(" / ", 2);
        sb.append("<text x=\"").append(fmt(cx)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"middle\"><title>")
                .append(esc(text)).append("</title>");
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].length() > max ? lines[i].substring(0, max - 1) + "…" : lines[i];
            sb.append("<tspan x=\"").append(fmt(cx)).append("\" dy=\"").append(i == 0 ? "0" : "11").append("\">")
                    .append(esc(t)).append("</tspan>");
        }
        sb.append("</text>\n");
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + color + "\"/>\n";
    }

    static double quantile(List<Double> sorted, double q) {
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.size() - 1, lo + 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
    public static double niceMax(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static List<Double> niceTicks(double lo, double hi) {
        List<Double> ticks = new ArrayList<>();
        double step = niceMax((hi - lo) / 5);
        if (step <= 0) {
            return ticks;
        }
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    public static String number(double v) {
        if (Math.abs(v) >= 10_000) {
            return String.format(Locale.ROOT, "%.3gk", v / 1000).replace(".00k", "k");
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        String text = String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.3f" : "%.1f", v);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
