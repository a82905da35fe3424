import CorpusReport

/// How far a stage has got, for a progress bar: counts since the task started, with the
/// task's position among the stage's tasks.
public struct StageProgress: Sendable {
    /// The stage and the task within it (`part-00003`, `signatures-minhash`, `train`).
    public var stage: String, task: String
    /// The task's index (0-based) among the stage's `tasks`.
    public var taskIndex: Int, tasks: Int
    /// Documents handled, input bytes consumed, tokens produced so far in this task.
    public var documents: Int, bytes: Int64, tokens: Int
    /// The task's input size in bytes, when known (for an ETA).
    public var totalBytes: Int64?
    /// Training stages: optimizer steps done and in all, and the latest loss.
    public var steps: Int? = nil, totalSteps: Int? = nil, loss: Double? = nil
}

/// What a pipeline run tells the person watching it. Library code never prints: the command
/// line renders these calls (a bar on a terminal, plain lines in a log). Called on the thread
/// running the pipeline, except `problem`, which readers may call from any thread.
public protocol PipelineObserver: AnyObject, Sendable {
    /// Stage `index` of `count` starts; `resumed` when some of its tasks were already done.
    func stageStarted(_ stage: StageConfig, index: Int, count: Int, resumed: Bool)
    /// Stage `index` was finished by an earlier run with the same settings and is skipped.
    func stageSkipped(_ stage: StageConfig, index: Int, count: Int)
    /// Periodic progress inside a task (throttling is the observer's business).
    func progress(_ progress: StageProgress)
    /// A damaged record or unreadable file that was skipped.
    func problem(_ message: String)
    /// A stage finished with these figures.
    func stageFinished(_ statistics: StageStatistics)
}
