import CorpusFinetuning
import Testing

@Suite("Accuracy, Matthews correlation and the spread over seeds")
struct ClassificationMetricsTests {
    @Test("three-class MCC matches the value derived by hand from the confusion matrix")
    func multiClass() {
        // truth:      0 0 0 1 1 2 2 2 2 0
        // predicted:  0 1 0 1 2 2 2 0 1 0
        // s = 10, c = 6 correct; true counts t = (4, 2, 4), predicted counts p = (4, 3, 3).
        // c·s − Σ pₖtₖ = 60 − (16 + 6 + 12) = 26; s² − Σ pₖ² = 100 − 34 = 66; s² − Σ tₖ² = 100 − 36 = 64.
        let matrix = ConfusionMatrix(truth: [0, 0, 0, 1, 1, 2, 2, 2, 2, 0], predicted: [0, 1, 0, 1, 2, 2, 2, 0, 1, 0], classes: 3)
        #expect(matrix.total == 10 && matrix.correct == 6)
        #expect(matrix.accuracy == 0.6)
        #expect(abs(matrix.matthewsCorrelation - 26 / (66.0 * 64).squareRoot()) < 1e-15)
    }

    @Test("for two classes MCC is (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN))")
    func binary() {
        // TP 5, TN 3, FP 2, FN 1 (class 1 is positive).
        let truth: [Int32] = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
        let predicted: [Int32] = [1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1]
        let matrix = ConfusionMatrix(truth: truth, predicted: predicted, classes: 2)
        let (tp, tn, fp, fn) = (5.0, 3.0, 2.0, 1.0)
        let spread: Double = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
        let expected = (tp * tn - fp * fn) / spread.squareRoot()
        #expect(abs(matrix.matthewsCorrelation - expected) < 1e-15)
    }

    @Test("perfect, inverted and constant predictions give MCC 1, −1 and 0")
    func extremes() {
        let truth: [Int32] = [0, 1, 0, 1, 1]
        #expect(ConfusionMatrix(truth: truth, predicted: truth, classes: 2).matthewsCorrelation == 1)
        #expect(ConfusionMatrix(truth: truth, predicted: truth.map { 1 - $0 }, classes: 2).matthewsCorrelation == -1)
        let constant = ConfusionMatrix(truth: truth, predicted: [1, 1, 1, 1, 1], classes: 2)
        #expect(constant.matthewsCorrelation == 0 && constant.accuracy == 0.6)
    }

    @Test("median, range and sample standard deviation over an odd and an even number of seeds")
    func spread() throws {
        let odd = SeedSpread([0.8, 0.6, 0.7, 0.9, 0.5])
        #expect(odd.median == 0.7 && odd.minimum == 0.5 && odd.maximum == 0.9 && abs(odd.mean - 0.7) < 1e-15)
        // Deviations ±0.1, ±0.2, 0: squares sum to 0.1; / (5 − 1) = 0.025.
        #expect(abs(try #require(odd.standardDeviation) - 0.025.squareRoot()) < 1e-12)
        #expect(SeedSpread([4, 1, 3, 2]).median == 2.5)
        #expect(SeedSpread([0.75]).standardDeviation == nil)
    }
}
