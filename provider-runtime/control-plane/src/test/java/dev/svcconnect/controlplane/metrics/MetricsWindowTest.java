package dev.svcconnect.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsWindowTest {

    private static final Duration SLOT = MetricsWindow.RESOLUTION;
    private static final MetricsWindow.Origin WEB = new MetricsWindow.Origin("shop", "webui", "east", "t1");

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MetricsWindow window = new MetricsWindow(clock, 100);

    private static ListenerCounters inbound(long requests, long bytes, long active) {
        return new ListenerCounters(
                Direction.INBOUND, "webui", active, requests, bytes, requests, 0, 0, 0, 0, 0, 0, 0, null);
    }

    private static ListenerCounters outbound(String target, long ok, long errors, double sumMillis, long... buckets) {
        List<ListenerCounters.Bucket> list = new ArrayList<>();
        double[] bounds = {10, 100, 1000};
        for (int i = 0; i < buckets.length; i++) {
            list.add(new ListenerCounters.Bucket(bounds[i], buckets[i]));
        }
        return new ListenerCounters(
                Direction.OUTBOUND, target, 0, 0, 0, ok + errors, 0, ok, 0, 0, errors, ok + errors, sumMillis, list);
    }

    private static MetricsReport report(long startedAt, ListenerCounters... listeners) {
        return new MetricsReport("webui", "east", startedAt, 0, List.of(listeners));
    }

    private List<Long> requests(Direction direction, int slots) {
        return window.points(k -> k.direction() == direction, slots).stream()
                .map(Point::requests)
                .toList();
    }

    @Test
    void cumulativeReportsBecomeTheIncreasesOfTheirSlots() {
        window.record(WEB, report(1, inbound(10, 1000, 2)));
        clock.advance(SLOT);
        window.record(WEB, report(1, inbound(25, 1500, 3)));

        assertThat(requests(Direction.INBOUND, 3)).containsExactly(0L, 10L, 15L);
        List<Point> points = window.points(k -> true, 2);
        assertThat(points).extracting(Point::bytes).containsExactly(1000L, 500L);
        assertThat(points).extracting(Point::activeConnections).containsExactly(2L, 3L);
        assertThat(points.get(1).atMillis())
                .isEqualTo(Instant.parse("2026-01-01T00:00:05Z").toEpochMilli());
    }

    @Test
    void aLostReportMovesItsCountsToTheNextSlotAndLosesNone() {
        window.record(WEB, report(1, inbound(10, 0, 0)));
        clock.advance(SLOT.multipliedBy(2));
        window.record(WEB, report(1, inbound(40, 0, 0)));

        assertThat(requests(Direction.INBOUND, 3)).containsExactly(10L, 0L, 30L);
        assertThat(window.totals())
                .singleElement()
                .satisfies(t -> assertThat(t.requests()).isEqualTo(40));
    }

    @Test
    void aRestartedProxyCountsFromZero() {
        window.record(WEB, report(1, inbound(100, 0, 0)));
        clock.advance(SLOT);
        window.record(WEB, report(2, inbound(7, 0, 0)));
        clock.advance(SLOT);
        window.record(WEB, report(2, inbound(9, 0, 0)));

        assertThat(requests(Direction.INBOUND, 3)).containsExactly(100L, 7L, 2L);
        assertThat(window.totals())
                .singleElement()
                .satisfies(t -> assertThat(t.requests()).isEqualTo(109));
    }

    @Test
    void aCounterThatGoesBackCountsFromZeroEvenWithTheSameStart() {
        window.record(WEB, report(1, inbound(50, 0, 0)));
        window.record(WEB, report(1, inbound(5, 0, 0)));

        assertThat(window.totals())
                .singleElement()
                .satisfies(t -> assertThat(t.requests()).isEqualTo(55));
    }

    @Test
    void twoReportsInOneSlotAddUp() {
        window.record(WEB, report(1, inbound(3, 0, 0)));
        clock.advance(Duration.ofMillis(4999));
        window.record(WEB, report(1, inbound(8, 0, 0)));

        assertThat(requests(Direction.INBOUND, 1)).containsExactly(8L);
    }

    @Test
    void slotsOlderThanFifteenMinutesLeaveTheWindowAndSilentSeriesAreForgotten() {
        window.record(WEB, report(1, inbound(10, 0, 0)));
        clock.advance(MetricsWindow.WINDOW.minus(SLOT));

        assertThat(requests(Direction.INBOUND, MetricsWindow.SLOTS).get(0)).isEqualTo(10L);
        assertThat(window.keys()).hasSize(1);

        clock.advance(SLOT);

        assertThat(requests(Direction.INBOUND, MetricsWindow.SLOTS)).containsOnly(0L);
        assertThat(window.keys()).isEmpty();
        assertThat(window.totals()).isEmpty();
    }

    @Test
    void aRingSlotReusedAfterAWholeWindowStartsEmpty() {
        window.record(WEB, report(1, inbound(10, 0, 0)));
        clock.advance(MetricsWindow.WINDOW.minus(SLOT));
        window.record(WEB, report(1, inbound(11, 0, 0)));
        clock.advance(SLOT);
        window.record(WEB, report(1, inbound(13, 0, 0)));

        List<Long> requests = requests(Direction.INBOUND, MetricsWindow.SLOTS);
        assertThat(requests.get(MetricsWindow.SLOTS - 1)).isEqualTo(2L);
        assertThat(requests.get(MetricsWindow.SLOTS - 2)).isEqualTo(1L);
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isEqualTo(3L);
    }

    @Test
    void responseTimeAverageAndP99ComeFromTheSlotsBuckets() {
        window.record(WEB, report(1, outbound("appserver", 0, 0, 0, 0, 0, 0)));
        clock.advance(SLOT);
        // 100 responses: 90 under 10 ms, 9 under 100 ms, 1 under 1000 ms; 2 were 5xx.
        window.record(WEB, report(1, outbound("appserver", 98, 2, 1500, 90, 99, 100)));

        Point point = window.points(k -> true, 1).get(0);
        assertThat(point.responses()).isEqualTo(100);
        assertThat(point.http2xx()).isEqualTo(98);
        assertThat(point.http5xx()).isEqualTo(2);
        assertThat(point.responseTimeAvgMillis()).isEqualTo(15.0);
        assertThat(point.responseTimeP99Millis()).isEqualTo(100.0);
    }

    @Test
    void theSumOfSeveralTasksIsTakenSlotBySlot() {
        MetricsWindow.Origin other = new MetricsWindow.Origin("shop", "webui", "east", "t2");
        window.record(WEB, report(1, inbound(4, 0, 1)));
        window.record(other, report(9, inbound(6, 0, 2)));

        Point point = window.points(k -> k.service().equals("webui"), 1).get(0);
        assertThat(point.requests()).isEqualTo(10);
        assertThat(point.activeConnections()).isEqualTo(3);
        assertThat(window.sum(k -> k.task().equals("t2"), 12).requests()).isEqualTo(6);
    }

    @Test
    void newSeriesBeyondTheBoundAreRefusedAndCounted() {
        MetricsWindow small = new MetricsWindow(clock, 1);
        small.record(WEB, report(1, inbound(1, 0, 0), outbound("db", 1, 0, 1)));

        assertThat(small.keys()).hasSize(1);
        assertThat(small.refusedSeries()).isEqualTo(1);
        assertThatThrownBy(() -> new MetricsWindow(clock, 0)).hasMessage("maxSeries: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> small.points(k -> true, 181)).hasMessage("count: 181 (expected: 1-180)");
    }
}
