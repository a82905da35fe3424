import CorpusIngest
import Foundation

/// The `.vocab` text file and atomic writes of the model files.
enum VocabFile {
    /// One `piece<TAB>score` line per id, scores printed as C++'s `ostream` prints a float
    /// (as `spm_train` writes them).
    static func text(scores: (Int) -> Float, vocabSize: Int, piece: (Int) -> String) -> String {
        var text = ""
        for id in 0..<vocabSize {
            text += piece(id) + "\t" + String(format: "%g", Double(scores(id))) + "\n"
        }
        return text
    }

    /// Writes `bytes` to `path` under a temporary name, renamed into place when complete.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(TokenizerError) {
        do {
            let file = try AtomicFile(path: path)
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch let IngestError.cannotWrite(path, reason) {
            throw .cannotWrite(path: path, reason: reason)
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
    }
}
