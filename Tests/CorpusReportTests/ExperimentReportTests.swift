import CorpusReport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("report: the fine-tuning experiment")
struct ExperimentReportTests {
    static func task(_ name: String, metric: String = "accuracy", values: [Double]) -> FinetunedTask {
        let seeds = values.enumerated().map { index, value in
            FinetunedSeed(seed: UInt64(index + 1), accuracy: value, mcc: value - 0.5,
                          epochs: [EpochFigures(epoch: 1, trainLoss: 0.7, devLoss: 0.69, accuracy: value - 0.05, mcc: value - 0.55),
                                   EpochFigures(epoch: 2, trainLoss: 0.6, devLoss: 0.65, accuracy: value, mcc: value - 0.5)])
        }
        return FinetunedTask(name: name, metric: metric, trainExamples: 100, devExamples: 50, labels: ["0", "1"], seeds: seeds,
                             accuracy: SpreadFigures(values), mcc: SpreadFigures(values.map { $0 - 0.5 }))
    }

    static func statistics(rtd: [Double], mlm: [Double], mlmFLOPsPerStep: Double = 1e9) -> RunStatistics {
        var pretrainRTD = StageStatistics(name: "pretrain-rtd", type: "pretrain", seconds: 1, flow: Flow(documentsIn: 0, documentsOut: 0, bytesIn: 0, bytesOut: 0))
        pretrainRTD.compute = ComputeFigures(objective: "rtd", steps: 100, batchSize: 8, sequenceLength: 64, flopsPerStep: 1.2e9,
                                             linearFLOPsPerStep: 1e9, attentionFLOPsPerStep: 2e8)
        var pretrainMLM = pretrainRTD
        pretrainMLM.name = "pretrain-mlm"
        pretrainMLM.compute = ComputeFigures(objective: "mlm", steps: 120, batchSize: 8, sequenceLength: 64, flopsPerStep: mlmFLOPsPerStep,
                                             linearFLOPsPerStep: mlmFLOPsPerStep * 0.8, attentionFLOPsPerStep: mlmFLOPsPerStep * 0.2,
                                             matchedStage: "pretrain-rtd", matchedFLOPs: 1.2e11)
        var tuneRTD = StageStatistics(name: "finetune-rtd", type: "finetune", seconds: 1, flow: Flow(documentsIn: 0, documentsOut: 0, bytesIn: 0, bytesOut: 0))
        tuneRTD.finetuning = FinetuningFigures(model: "pretrain-rtd", objective: "rtd", pretrainingStep: 100, encoder: "e",
                                               tasks: [task("sst2", values: rtd), task("cola", metric: "mcc", values: rtd)])
        var tuneMLM = tuneRTD
        tuneMLM.name = "finetune-mlm"
        tuneMLM.finetuning = FinetuningFigures(model: "pretrain-mlm", objective: "mlm", pretrainingStep: 120, encoder: "e",
                                               tasks: [task("sst2", values: mlm), task("cola", metric: "mcc", values: mlm)])
        return RunStatistics(pipeline: "electra-vs-mlm", configPath: "Pipelines/electra-vs-mlm.yaml", seed: 1,
                             stages: [pretrainRTD, pretrainMLM, tuneRTD, tuneMLM])
    }

    @Test("RTD ahead with ranges apart reads as reproduced, outside the seeds' spread, at equal compute, with the medians in the sentence")
    func rtdAhead() throws {
        let verdict = ExperimentVerdict(Self.statistics(rtd: [0.80, 0.82, 0.81], mlm: [0.78, 0.79, 0.785]).stages)
        let sst2 = try #require(verdict.gaps.first { $0.task == "sst2" })
        #expect(abs(sst2.points - 2.5) < 1e-9 && sst2.outsideSpread && sst2.equalCompute == true)
        let sentence = ExperimentVerdict.sentence(sst2)
        #expect(sentence.hasPrefix("sst2: rtd (pretrain-rtd)'s median accuracy 81.0 vs mlm (pretrain-mlm)'s 78.5: rtd ahead by 2.5 points, outside the seeds' spread"),
                "\(sentence)")
        #expect(sentence.hasSuffix("at equal pretraining compute."))
        let claim = try #require(verdict.electraClaim)
        #expect(claim.contains("reproduced on every task (sst2, cola)") && claim.contains("outside the seeds' spread"), "\(claim)")
    }

    @Test("MLM ahead inside the spread reads as not reproduced; unequal compute is said to void the test")
    func mlmAheadUnequal() throws {
        let verdict = ExperimentVerdict(Self.statistics(rtd: [0.70, 0.75, 0.72], mlm: [0.74, 0.71, 0.73], mlmFLOPsPerStep: 2e9).stages)
        let cola = try #require(verdict.gaps.first { $0.task == "cola" })
        let sentence = ExperimentVerdict.sentence(cola)
        #expect(sentence.contains("median MCC 22.0 vs mlm (pretrain-mlm)'s 23.0: mlm ahead by 1.0 points, inside the seeds' spread"), "\(sentence)")
        #expect(sentence.contains("at unequal pretraining compute (120 GFLOP vs 240 GFLOP)"), "\(sentence)")
        let claim = try #require(verdict.electraClaim)
        #expect(claim.contains("not reproduced on any task") && claim.contains("not pretrained at equal compute"), "\(claim)")
    }

    @Test("two models of one objective are told apart by their pretrain stage when one is ahead")
    func sameObjective() throws {
        var statistics = Self.statistics(rtd: [0.60, 0.62, 0.61], mlm: [0.63, 0.64, 0.65])
        // A control: the second model is pretrained with the reference's objective, for no compute.
        statistics.stages[1].name = "pretrain-none"
        statistics.stages[1].compute?.objective = "rtd"
        statistics.stages[3].finetuning?.model = "pretrain-none"
        statistics.stages[3].finetuning?.objective = "rtd"
        let sst2 = try #require(ExperimentVerdict(statistics.stages).gaps.first { $0.task == "sst2" })
        let sentence = ExperimentVerdict.sentence(sst2)
        #expect(sentence.contains("61.0 vs rtd (pretrain-none)'s 64.0: rtd (pretrain-none) ahead by 3.0 points"), "\(sentence)")
    }

    @Test("the page has the compute table, the model × task table, the sentences and one curve chart per task, and stays well-formed XML")
    func page() throws {
        let page = ReportPage.html(Self.statistics(rtd: [0.80, 0.82, 0.81], mlm: [0.78, 0.79, 0.785]))
        let parser = XMLParser(data: Data(page.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "") at line \(parser.lineNumber)")
        let section = String(page[page.range(of: "<section id=\"experiment\">")!.lowerBound...])
        #expect(section.contains("<td class=\"num\">81.0 (80.0–82.0, ± 1.0)</td>"), "\(section.prefix(2000))")
        #expect(section.contains("sst2 accuracy") && section.contains("cola MCC") && section.contains("<li>sst2: rtd"))
        #expect(section.components(separatedBy: "<figure>").count - 1 == 2)
        #expect(page.contains("<section id=\"compute\">") && page.contains("120 GFLOP") && page.contains("pretrain-rtd (120 GFLOP)"))
    }
}
