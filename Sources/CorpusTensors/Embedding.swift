/// A lookup table: row `id` of a `[vocabulary, width]` table for each id.
public enum Embedding {
    /// The rows of `table` for `ids`, laid end to end (`ids.count × width`).
    @inlinable
    public static func forward<T: TensorScalar>(_ ids: [Int32], table: [T], width: Int) -> [T] {
        var y = [T](repeating: 0, count: ids.count * width)
        for (r, id) in ids.enumerated() {
            let row = Int(id) * width
            precondition(id >= 0 && row + width <= table.count, "Embedding.forward: id \(id) outside the table")
            for c in 0..<width { y[r * width + c] = table[row + c] }
        }
        return y
    }

    /// Adds each row of `dy` to the table gradient row of its id (ids may repeat).
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], ids: [Int32], width: Int, dTable: inout [T]) {
        for (r, id) in ids.enumerated() {
            let row = Int(id) * width
            for c in 0..<width { dTable[row + c] += dy[r * width + c] }
        }
    }
}
