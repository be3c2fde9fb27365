package org.rtcsip.bench.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rtcsip.bench.media.Scenario;

/**
 * The pictures of one run, drawn from the same result sheets as its table (JFreeChart, headless): server CPU
 * against calls for every ramp of both servers with each knee marked, and the added-latency CDF of the held
 * latency loads (50 and 80 % of the sidecar's knee), one panel per scenario and load.
 */
public final class RunCharts {
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 440;
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
            new Color(0x9467BD)};

    private final String referenceName;
    /** Server name -> its sheet; the reference first, then the sidecar, then its variants. */
    private final Map<String, ResultSheet> servers = new LinkedHashMap<>();

    public RunCharts(String referenceName, ResultSheet reference, ResultSheet sidecar) {
        this.referenceName = referenceName;
        servers.put(referenceName, reference);
        servers.put("media-sidecar", sidecar);
    }

    public void addVariant(String name, ResultSheet sheet) {
        servers.put("media-sidecar (" + name + ")", sheet);
    }

    /** Writes {@code prefix-cpu.png} and {@code prefix-latency.png}; returns the files written. */
    public List<Path> write(String prefix) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        List<JFreeChart> cpu = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            JFreeChart c = cpuChart(s);
            if (c != null) {
                cpu.add(c);
            }
        }
        if (!cpu.isEmpty()) {
            written.add(save(cpu, Path.of(prefix + "-cpu.png")));
        }
        List<JFreeChart> latency = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            for (String[] level : new String[][] {{"latency", "50"}, {"latency80", "80"}}) {
                JFreeChart c = cdfChart(s, level[0], level[1]);
                if (c != null) {
                    latency.add(c);
                }
            }
        }
        if (!latency.isEmpty()) {
            written.add(save(latency, Path.of(prefix + "-latency.png")));
        }
        return written;
    }

    /** Server cores against calls over every step of each server's ramp, the knee as a dashed line. */
    private JFreeChart cpuChart(Scenario s) {
        String k = s.label();
        XYSeriesCollection data = new XYSeriesCollection();
        List<double[]> knees = new ArrayList<>();
        int color = 0;
        List<Color> colors = new ArrayList<>();
        for (Map.Entry<String, ResultSheet> e : servers.entrySet()) {
            ResultSheet sheet = e.getValue();
            double steps = sheet.number(k + ".steps");
            if (Double.isNaN(steps)) {
                color++;
                continue;
            }
            // a level measured twice (a failed step, retried) is drawn at the mean of its windows
            TreeMap<Double, double[]> byCalls = new TreeMap<>();
            for (int i = 0; i < steps; i++) {
                double calls = sheet.number(k + ".step." + i + ".calls");
                double cores = sheet.number(k + ".step." + i + ".server-cores");
                if (!Double.isNaN(calls) && !Double.isNaN(cores)) {
                    double[] sum = byCalls.computeIfAbsent(calls, c -> new double[2]);
                    sum[0] += cores;
                    sum[1]++;
                }
            }
            XYSeries series = new XYSeries(e.getKey());
            byCalls.forEach((calls, sum) -> series.add(calls.doubleValue(), sum[0] / sum[1]));
            data.addSeries(series);
            colors.add(COLORS[color % COLORS.length]);
            double knee = sheet.number(k + ".knee.calls");
            if (!Double.isNaN(knee) && knee > 0) {
                knees.add(new double[] {knee, colors.size() - 1});
            }
            color++;
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createXYLineChart(k + ": server CPU against calls", "concurrent calls",
                "server CPU, cores", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = style(chart, colors);
        ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(new java.text.DecimalFormat("0"));
        for (double[] knee : knees) {
            ValueMarker m = new ValueMarker(knee[0], colors.get((int) knee[1]), new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            m.setLabel("knee " + (long) knee[0]);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelPaint(colors.get((int) knee[1]));
            m.setLabelAnchor(knee[1] == 0 ? RectangleAnchor.TOP_LEFT : RectangleAnchor.BOTTOM_LEFT);
            m.setLabelTextAnchor(knee[1] == 0 ? TextAnchor.TOP_RIGHT : TextAnchor.BOTTOM_RIGHT);
            plot.addDomainMarker(m);
        }
        return chart;
    }

    /** The added-latency CDF of the held load {@code prefix} (the median window of each server). */
    private JFreeChart cdfChart(Scenario s, String prefix, String percent) {
        String k = prefix + "." + s.label();
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colors = new ArrayList<>();
        int color = 0;
        String calls = "";
        for (Map.Entry<String, ResultSheet> e : servers.entrySet()) {
            String cdf = e.getValue().text(k + ".cdf");
            if (cdf == null) {
                color++;
                continue;
            }
            calls = " (" + (long) e.getValue().number(k + ".calls") + " calls)";
            XYSeries series = new XYSeries(e.getKey(), false);
            for (String point : cdf.split(",")) {
                String[] qv = point.split(":");
                double ms = Double.parseDouble(qv[1]);
                series.add(Math.max(ms, 0.001), Double.parseDouble(qv[0]));
            }
            data.addSeries(series);
            colors.add(COLORS[color % COLORS.length]);
            color++;
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createXYLineChart(s.label() + " at " + percent + "% of the sidecar's knee"
                        + calls + ": added latency CDF", "added latency, ms (log)", "fraction of packets", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = style(chart, colors);
        LogAxis x = new LogAxis("added latency, ms (log)");
        x.setSmallestValue(0.001);
        x.setBase(10);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        plot.setDomainAxis(x);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        ValueMarker target = new ValueMarker(2.0, Color.GRAY, new BasicStroke(1f));
        target.setLabel("2 ms");
        target.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        target.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addDomainMarker(target);
        return chart;
    }

    private static XYPlot style(JFreeChart chart, List<Color> colors) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.size(); i++) {
            r.setSeriesPaint(i, colors.get(i));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        return plot;
    }

    private static Path save(List<JFreeChart> charts, Path file) throws IOException {
        int columns = Math.min(3, charts.size());
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            int x = i % columns * PANEL_WIDTH;
            int y = i / columns * PANEL_HEIGHT;
            charts.get(i).draw(g, new Rectangle2D.Double(x, y, PANEL_WIDTH, PANEL_HEIGHT));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
