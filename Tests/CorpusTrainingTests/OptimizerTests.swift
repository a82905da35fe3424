import CorpusTraining
import Testing

@Suite("AdamW, the learning-rate schedule and gradient clipping")
struct OptimizerTests {
    @Test("with bias correction the first step moves each parameter by the learning rate against its gradient's sign")
    func firstStepWithBiasCorrection() {
        let adam = AdamW(epsilon: 1e-8, weightDecay: 0, biasCorrection: true)
        var p: [Float] = [1, -2, 0.5], moments = AdamW.Moments(count: 3)
        adam.update(&p, gradients: [0.3, -4, 1e-3], moments: &moments, learningRate: 0.01, step: 1, decays: false)
        // m̂ = g and v̂ = g², so the step is lr · g/(|g| + ε).
        #expect(abs(p[0] - 0.99) < 1e-6 && abs(p[1] - (-1.99)) < 1e-6 && abs(p[2] - 0.49) < 1e-5)
    }

    @Test("ELECTRA's variant without bias correction steps by lr · (1−β₁)/√(1−β₂) on the first step")
    func firstStepWithoutBiasCorrection() {
        let adam = AdamW(weightDecay: 0)
        var p: [Float] = [0], moments = AdamW.Moments(count: 1)
        adam.update(&p, gradients: [2], moments: &moments, learningRate: 1e-3, step: 1, decays: false)
        // m = 0.2, v = 0.004: m/(√v + ε) = 0.2/(0.0632456 + 1e-6) = 3.16222766; Float32 keeps ~7 digits.
        #expect(abs(p[0] + 3.16222766e-3) < 3e-8)
    }

    @Test("weight decay shrinks decaying parameters only, in proportion to lr · λ")
    func decoupledDecay() {
        let adam = AdamW(weightDecay: 0.1)
        var decaying: [Float] = [2], plain: [Float] = [2]
        var a = AdamW.Moments(count: 1), b = AdamW.Moments(count: 1)
        adam.update(&decaying, gradients: [0], moments: &a, learningRate: 0.5, step: 1, decays: true)
        adam.update(&plain, gradients: [0], moments: &b, learningRate: 0.5, step: 1, decays: false)
        #expect(decaying == [2 - 0.5 * 0.1 * 2])
        #expect(plain == [2])
    }

    @Test("the schedule warms up linearly, peaks, and decays linearly to zero as ELECTRA's does")
    func schedule() {
        let schedule = LearningRateSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 100)
        #expect(schedule.rate(at: 0) == 0)
        #expect(abs(schedule.rate(at: 5) - 1e-3 * 0.95 * 0.5) < 1e-15)
        #expect(abs(schedule.rate(at: 10) - 1e-3 * 0.9) < 1e-15)
        #expect(abs(schedule.rate(at: 55) - 1e-3 * 0.45) < 1e-15)
        #expect(schedule.rate(at: 100) == 0 && schedule.rate(at: 150) == 0)
    }

    @Test("clipping rescales to the maximum global norm and leaves small gradients alone")
    func clipping() {
        var large: [[Float]] = [[3, 0], [0, 4]]
        #expect(clipGlobalNorm(&large, maximum: 1) == 5)
        #expect(abs(large[0][0] - 0.6) < 1e-7 && abs(large[1][1] - 0.8) < 1e-7)
        var small: [[Float]] = [[0.3], [0.4]]
        #expect(abs(clipGlobalNorm(&small, maximum: 1) - 0.5) < 1e-7)
        #expect(small == [[0.3], [0.4]])
    }
}
