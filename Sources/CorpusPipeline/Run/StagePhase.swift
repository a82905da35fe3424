/// One step of a stage's work as a cluster runs it: its tasks either split across ranks (a job
/// array, one element per rank) or run by one process. A stage's phases run in order; a phase
/// starts when the one before it has finished. A local run is every phase on one process.
public struct StagePhase: Sendable, Equatable, Codable {
    /// The phase's name, unique within its stage (`main`, `signatures-0`, `reduce-0`, `filter`).
    public var name: String
    /// Whether its tasks are independent of each other, so ranks can share them.
    public var parallel: Bool

    /// A phase named `name`.
    public init(_ name: String, parallel: Bool) {
        self.name = name
        self.parallel = parallel
    }

    /// The phase of stages whose tasks run one after another on one process.
    public static let main = StagePhase("main", parallel: false)
    /// The phase of stages whose tasks (one per input file or part) are all independent.
    public static let parts = StagePhase("parts", parallel: true)
}

/// What one process of a cluster run does in a stage: the tasks of one phase that fall to its
/// rank (task `i` of a parallel phase goes to rank `i % worldSize`), after the earlier phases.
public struct WorkerScope: Sendable, Equatable {
    /// The phase it runs.
    public var phase: String
    /// Its rank among the phase's processes, and how many there are (1 for a serial phase).
    public var rank: Int, worldSize: Int

    /// The scope of rank `rank` of `worldSize` in `phase`.
    public init(phase: String, rank: Int, worldSize: Int) {
        self.phase = phase
        self.rank = rank
        self.worldSize = worldSize
    }

    /// The name of the marker a rank leaves when its share of a phase is done.
    public static func markerName(phase: String, rank: Int, worldSize: Int) -> String {
        "phase-\(phase)-rank-\(rank)-of-\(worldSize)"
    }
}

/// Why a cluster process stopped short of running a stage's work.
public enum StageRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A task of an earlier phase has no completion marker: that phase's job did not finish.
    case earlierPhaseUnfinished(stage: String, phase: String, task: String)
    /// Finishing a stage found a task without its marker.
    case taskUnfinished(stage: String, task: String)
    /// The stage has no phase of that name.
    case unknownPhase(stage: String, phase: String, known: [String])
    /// A stage the worker's stage reads is not done.
    case upstreamUnfinished(stage: String, upstream: String)

    public var description: String {
        switch self {
        case .earlierPhaseUnfinished(let stage, let phase, let task):
            "stage \(stage): task \(task) of the earlier phase \(phase) is not done; run that phase's jobs first"
        case .taskUnfinished(let stage, let task):
            "stage \(stage): task \(task) is not done, so the stage cannot be finished; rerun its phase (corpus status shows which rank failed)"
        case .unknownPhase(let stage, let phase, let known):
            "stage \(stage) has no phase \(phase) (phases: \(known.joined(separator: ", ")))"
        case .upstreamUnfinished(let stage, let upstream):
            "stage \(stage) reads \(upstream), which is not done with the current settings"
        }
    }
}

/// Thrown inside a stage's `run` when a worker reaches the first task past its phase.
struct PhaseFinished: Error {}
