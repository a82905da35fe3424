@testable import CorpusReport
import Testing

@Suite("chart scales")
struct ChartScaleTests {
    @Test("a linear scale covers its values with round ticks from a round low to a round high")
    func roundTicks() {
        let scale = ChartScale.linear(covering: [3, 47, 12], includeZero: true)
        // A raw step of 47 / 4 rounds up to 20.
        #expect(scale.low == 0 && scale.high == 60)
        #expect(scale.ticks == [0, 20, 40, 60])
        #expect(scale.ticks.first == scale.low && scale.ticks.last == scale.high)
        #expect(scale.labels.count == scale.ticks.count)
    }

    @Test("no values, one value, equal values and zero alone still give a usable scale with low below high")
    func degenerateDomains() {
        for values in [[], [0], [5], [-3, -3], [2e-9], [1e12, 1e12]] as [[Double]] {
            for includeZero in [true, false] {
                let scale = ChartScale.linear(covering: values, includeZero: includeZero)
                #expect(scale.low < scale.high, "\(values) includeZero \(includeZero)")
                #expect(scale.ticks.allSatisfy(\.isFinite) && scale.ticks.count >= 2, "\(values)")
                for value in values { #expect((scale.low...scale.high).contains(value), "\(value) outside") }
            }
        }
        #expect(ChartScale.linear(covering: [0], includeZero: true).low == 0, "zero stays the baseline")
    }

    @Test("NaN and infinities are left out of the domain and map to the baseline")
    func nonFinite() {
        let scale = ChartScale.linear(covering: [.nan, 4, .infinity, -.infinity], includeZero: true)
        #expect(scale.low == 0 && scale.high >= 4 && scale.high.isFinite)
        #expect(scale.fraction(.nan) == 0 && scale.fraction(.infinity) == 0)
    }

    @Test("fractions are clamped to 0...1 and are linear in between")
    func fractions() {
        let scale = ChartScale.linear(covering: [0, 100], includeZero: true)
        #expect(scale.fraction(-5) == 0 && scale.fraction(500) == 1)
        #expect(abs(scale.fraction(25) - 25 / scale.high) < 1e-12)
    }

    @Test("a logarithmic scale runs from 1 to the power of ten at or above the maximum, at least 10")
    func logarithmic() {
        #expect(ChartScale.logarithmic(maximum: 0).ticks == [1, 10])
        #expect(ChartScale.logarithmic(maximum: 10).ticks == [1, 10])
        #expect(ChartScale.logarithmic(maximum: 11).ticks == [1, 10, 100])
        let scale = ChartScale.logarithmic(maximum: 1000)
        #expect(scale.fraction(0) == 0 && scale.fraction(1) == 0 && scale.fraction(1000) == 1)
        #expect(abs(scale.fraction(10) - 1.0 / 3) < 1e-12)
    }

    @Test("nice steps are 1, 2, 2.5 or 5 times a power of ten, at or above the raw step")
    func niceSteps() {
        #expect(ChartScale.niceStep(0.7) == 1 && ChartScale.niceStep(1.3) == 2 && ChartScale.niceStep(2.2) == 2.5)
        #expect(ChartScale.niceStep(3) == 5 && ChartScale.niceStep(7) == 10 && ChartScale.niceStep(230) == 250)
        #expect(ChartScale.niceStep(0) == 1 && ChartScale.niceStep(.nan) == 1 && ChartScale.niceStep(-2) == 1)
    }
}
