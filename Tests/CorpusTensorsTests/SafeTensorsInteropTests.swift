import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

/// The interop Python (`scripts/setup-python.sh` makes it), when it is there and imports safetensors.
private let interopPython = InteropPython.path(importing: "safetensors.numpy")

/// The tensors both sides write and check, in Swift; `script`'s `expected` holds the same in numpy.
private let reference: [String: SafeTensor] = [
    "weight": SafeTensor([0.5, -1.25, 0x1p-20, .infinity, -0.0, 0x1p100] as [Float], shape: [2, 3]),
    "double": SafeTensor([Double.pi, -2, 0x1p-1000], shape: [3]),
    "steps": SafeTensor([Int64.min, -1, 0, Int64.max], shape: [2, 2]),
    "ids": SafeTensor([Int32(7), -8, Int32.max], shape: [3, 1]),
    "tokens": SafeTensor([UInt32(0), 1, UInt32.max, 65_536], shape: [4]),
    "mask": SafeTensor(bytes: [0, 1, 255], shape: [3]),
    "scale": SafeTensor([Float(2.5)], shape: []),
    "empty": SafeTensor([Float](), shape: [0]),
    "empty.rows": SafeTensor([Int64](), shape: [3, 0]),
]

/// `check PATH`: asserts the file holds `expected` and the given metadata; `save PATH`: writes
/// `expected` plus an F16 tensor with `save_file`, and metadata whose escapes must match serde_json's.
private let script = """
    import sys, numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
    expected = {
        "weight": np.array([0.5, -1.25, 2.0**-20, np.inf, -0.0, 2.0**100], dtype=np.float32).reshape(2, 3),
        "double": np.array([np.pi, -2, 2.0**-1000], dtype=np.float64),
        "steps": np.array([-2**63, -1, 0, 2**63 - 1], dtype=np.int64).reshape(2, 2),
        "ids": np.array([7, -8, 2**31 - 1], dtype=np.int32).reshape(3, 1),
        "tokens": np.array([0, 1, 2**32 - 1, 65536], dtype=np.uint32),
        "mask": np.array([0, 1, 255], dtype=np.uint8),
        "scale": np.array(2.5, dtype=np.float32),
        "empty": np.zeros((0,), np.float32),
        "empty.rows": np.zeros((3, 0), np.int64),
    }
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "save":
        save_file({**expected, "half": np.array([1, -2.5], dtype=np.float16)}, path, metadata={"format": "np \\" \\\\ / \\u00e9 \\n \\t \\u0001 \\u001f \\u007f"})
    else:
        loaded = load_file(path)
        assert sorted(loaded) == sorted(expected), sorted(loaded)
        for name, want in expected.items():
            got = loaded[name]
            assert (got.dtype, got.shape) == (want.dtype, want.shape), (name, got.dtype, got.shape)
            assert got.tobytes() == want.tobytes(), (name, got, want)
        with safe_open(path, "np") as f:
            assert f.metadata() == {"format": "np", "writer": "swift"}, f.metadata()
    print("ok")
    """

/// Runs `script` with `arguments`; the exit status and what it printed.
private func runScript(_ python: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

@Suite("SafeTensors against the Python safetensors library")
struct SafeTensorsInteropTests {
    @Test("Python's safetensors.numpy.load_file reads the values and metadata Swift writes",
          .enabled(if: interopPython != nil, "needs .venv-interop/bin/python with safetensors: run scripts/setup-python.sh"))
    func pythonReadsSwift() throws {
        let python = try #require(interopPython)
        let path = Fixtures.temporaryDirectory() + "/from-swift.safetensors"
        try SafeTensorsFile(tensors: reference, metadata: ["format": "np", "writer": "swift"]).write(path: path)
        let (status, output) = try runScript(python, ["check", path])
        #expect(status == 0 && output == "ok\n", "\(output)")
    }

    @Test("Swift reads what Python's save_file writes, and encodes the same tensors to the same bytes",
          .enabled(if: interopPython != nil, "needs .venv-interop/bin/python with safetensors: run scripts/setup-python.sh"))
    func swiftReadsPython() throws {
        let python = try #require(interopPython)
        let path = Fixtures.temporaryDirectory() + "/from-python.safetensors"
        let (status, output) = try runScript(python, ["save", path])
        try #require(status == 0, "\(output)")
        let file = try SafeTensorsFile.read(path: path)
        var expected = reference
        expected["half"] = SafeTensor(dtype: .f16, shape: [2], data: [0x00, 0x3C, 0x00, 0xC1])
        #expect(file.tensors == expected)
        let metadata = ["format": "np \" \\ / é \n \t \u{1} \u{1F} \u{7F}"]
        #expect(file.metadata == metadata)
        #expect(try file.tensors["half"]?.floats() == [1, -2.5])
        #expect(try file.tensors["weight"]?.floats()[5] == 0x1p100)
        let pythonBytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try SafeTensorsFile(tensors: expected, metadata: metadata).encoded() == pythonBytes)
    }
}
