@testable import CorpusCLI
import Testing

@Suite("progress bar")
struct ProgressBarTests {
    @Test("draws empty, partial and full bars to an eighth of a cell, with the percentage")
    func drawsEighths() {
        #expect(ProgressBar.draw(0, width: 4) == "▕    ▏   0%")
        #expect(ProgressBar.draw(0.5, width: 4) == "▕██  ▏  50%")
        #expect(ProgressBar.draw(0.53125, width: 4) == "▕██▏ ▏  53%")
        #expect(ProgressBar.draw(0.5625, width: 4) == "▕██▎ ▏  56%")
        #expect(ProgressBar.draw(1, width: 4) == "▕████▏ 100%")
    }

    @Test("clamps shares outside 0...1 and treats a non-finite share as nothing done")
    func clamps() {
        #expect(ProgressBar.draw(1.7, width: 3) == "▕███▏ 100%")
        #expect(ProgressBar.draw(-0.2, width: 3) == "▕   ▏   0%")
        #expect(ProgressBar.draw(.nan, width: 3) == "▕   ▏   0%")
    }

    @Test("a stage's share counts finished tasks and the running task's bytes")
    func stageShare() {
        #expect(RunProgress.stageFraction(taskIndex: 2, tasks: 4, bytes: 50, totalBytes: 100) == 0.625)
        #expect(RunProgress.stageFraction(taskIndex: 0, tasks: 1, bytes: 5, totalBytes: nil) == nil)
        #expect(RunProgress.stageFraction(taskIndex: 1, tasks: 2, bytes: 5, totalBytes: nil) == 0.5)
        #expect(RunProgress.stageFraction(taskIndex: 0, tasks: 1, bytes: 150, totalBytes: 100) == 1)
    }
}

