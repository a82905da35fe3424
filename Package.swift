// swift-tools-version: 6.0
//
// corpus: raw web dumps in, pretraining corpora (and models) out.
//
// Targets are listed in data-flow order. Each system library gets its own tiny
// shim target under Sources/Shims so that Swift code imports C types only.
import PackageDescription

/// A system library found through pkg-config, with the Debian package that provides it.
func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(
        name: name,
        path: "Sources/Shims/\(name)",
        pkgConfig: pkgConfig,
        providers: [.apt([apt])]
    )
}

let package = Package(
    name: "corpus",
    products: [
        .executable(name: "corpus", targets: ["CorpusCLI"]),
        .library(name: "CorpusCore", targets: ["CorpusCore"]),
        .library(name: "CorpusIngest", targets: ["CorpusIngest"]),
        .library(name: "CorpusNormalize", targets: ["CorpusNormalize"]),
        .library(name: "CorpusFilters", targets: ["CorpusFilters"]),
        .library(name: "CorpusDedup", targets: ["CorpusDedup"]),
        .library(name: "CorpusTokenizer", targets: ["CorpusTokenizer"]),
        .library(name: "CorpusShards", targets: ["CorpusShards"]),
        .library(name: "CorpusReport", targets: ["CorpusReport"]),
        .library(name: "CorpusPipeline", targets: ["CorpusPipeline"]),
        .library(name: "CorpusTensors", targets: ["CorpusTensors"]),
        .library(name: "CorpusModels", targets: ["CorpusModels"]),
        .library(name: "CorpusTraining", targets: ["CorpusTraining"]),
        .library(name: "CorpusFinetuning", targets: ["CorpusFinetuning"]),
        .library(name: "CorpusDistributed", targets: ["CorpusDistributed"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: System library shims (C types only in every public header)
        systemLibrary("CLZ4", pkgConfig: "liblz4", apt: "liblz4-dev"),
        systemLibrary("CZstd", pkgConfig: "libzstd", apt: "libzstd-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CXXHash", pkgConfig: "libxxhash", apt: "libxxhash-dev"),
        systemLibrary("COpenBLAS", pkgConfig: "openblas", apt: "libopenblas-dev"),
        systemLibrary("CGumbo", pkgConfig: "gumbo", apt: "libgumbo-dev"),
        // Open MPI's mpi.h for CMPIShim only: its handles are macros Swift cannot import.
        systemLibrary("CMPI", pkgConfig: "ompi-c", apt: "libopenmpi-dev"),
        .target(name: "CMPIShim", dependencies: ["CMPI"], path: "Sources/Shims/CMPIShim"),
        .target(
            name: "CICUShim",
            path: "Sources/Shims/CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(
            name: "CLibXML2Shim",
            path: "Sources/Shims/CLibXML2Shim",
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
            linkerSettings: [.linkedLibrary("xml2")]
        ),
        .target(
            name: "CSentencePieceShim",
            path: "Sources/Shims/CSentencePieceShim",
            linkerSettings: [.linkedLibrary("sentencepiece"), .linkedLibrary("sentencepiece_train")]
        ),
        .target(
            name: "CCryptoShim",
            path: "Sources/Shims/CCryptoShim",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "CCLD2Shim",
            path: "Sources/Shims/CCLD2Shim",
            linkerSettings: [.linkedLibrary("cld2")]
        ),

        // MARK: Pure core: documents, stage protocols, verdicts, statistics
        .target(name: "CorpusCore"),

        // MARK: Ingest: byte streams, decompression, WARC/JSONL/text readers, writers
        .target(
            name: "CorpusIngest",
            dependencies: ["CorpusCore", "CZlib", "CZstd", "CLZ4", "CGumbo", "CLibXML2Shim", "CICUShim"]
        ),

        // MARK: Normalize: ICU normalization of UTF-8 text, key normalization for dedup and metrics
        .target(name: "CorpusNormalize", dependencies: ["CorpusCore", "CICUShim"]),

        // MARK: Filters: C4, Gopher, FineWeb rules, language ID, block lists, presets
        .target(
            name: "CorpusFilters",
            dependencies: [
                "CorpusCore", "CorpusNormalize", "CCLD2Shim",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Dedup: exact, URL, C4 lines, MinHash LSH; external sort within a memory budget
        .target(
            name: "CorpusDedup",
            dependencies: ["CorpusCore", "CorpusNormalize", "CorpusFilters", "CorpusIngest", "CXXHash", "CCryptoShim"]
        ),

        // MARK: Tokenizer: SentencePiece training from sampled lines, fixed special-token ids, encoding
        .target(name: "CorpusTokenizer", dependencies: ["CorpusCore", "CorpusIngest", "CSentencePieceShim", "CCryptoShim"]),

        // MARK: Shards: lz4 token shards, dataset manifests, sequence packing, exports
        .target(name: "CorpusShards", dependencies: ["CorpusCore", "CLZ4", "CXXHash"]),

        // MARK: Tensors: Float32 layers on OpenBLAS, each with an explicit forward and backward
        .target(name: "CorpusTensors", dependencies: ["COpenBLAS"]),

        // MARK: Models: the transformer encoder, written out layer by layer
        .target(name: "CorpusModels", dependencies: ["CorpusTensors"]),

        // MARK: Training: optimizer, learning-rate schedule, gradient clipping
        .target(name: "CorpusTraining", dependencies: ["CorpusCore", "CorpusTensors", "CorpusModels", "CorpusShards"]),

        // MARK: Fine-tuning: labeled TSV files, classification heads on pretrained encoders, accuracy and MCC over seeds
        .target(
            name: "CorpusFinetuning",
            dependencies: [
                "CorpusIngest", "CorpusTokenizer", "CorpusShards", "CorpusTensors", "CorpusModels", "CorpusTraining",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Distributed: MPI's world for data-parallel pretraining (`mpirun -np K corpus pretrain`)
        .target(name: "CorpusDistributed", dependencies: ["CorpusTraining", "CMPIShim"]),

        // MARK: Report: run statistics (stats.json) and the self-contained report.html
        .target(name: "CorpusReport"),

        // MARK: Pipeline: YAML-declared stages run in a resumable run folder (`corpus run`)
        .target(
            name: "CorpusPipeline",
            dependencies: [
                "CorpusCore", "CorpusIngest", "CorpusNormalize", "CorpusFilters", "CorpusDedup", "CorpusTokenizer", "CorpusShards",
                "CorpusTensors", "CorpusModels", "CorpusTraining", "CorpusFinetuning", "CorpusReport", "CCryptoShim",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Command line
        .executableTarget(
            name: "CorpusCLI",
            dependencies: [
                "CorpusCore", "CorpusIngest", "CorpusNormalize", "CorpusFilters", "CorpusDedup", "CorpusTokenizer", "CorpusShards",
                "CorpusTensors", "CorpusModels", "CorpusTraining", "CorpusFinetuning", "CorpusReport", "CorpusPipeline", "CorpusDistributed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Tests
        .target(name: "CorpusTestSupport", dependencies: ["CorpusCore", "CorpusIngest", "CZlib", "CZstd", "CLZ4"], path: "Tests/CorpusTestSupport"),
        .testTarget(
            name: "ShimTests",
            dependencies: ["CLZ4", "CZstd", "CZlib", "CXXHash", "COpenBLAS", "CGumbo", "CLibXML2Shim", "CICUShim", "CSentencePieceShim", "CCLD2Shim", "CCryptoShim"]
        ),
        .testTarget(name: "CorpusCoreTests", dependencies: ["CorpusCore"]),
        .testTarget(name: "CorpusIngestTests", dependencies: ["CorpusCore", "CorpusIngest", "CorpusTestSupport"]),
        .testTarget(name: "CorpusNormalizeTests", dependencies: ["CorpusCore", "CorpusNormalize", "CorpusTestSupport"]),
        .testTarget(name: "CorpusFiltersTests", dependencies: ["CorpusCore", "CorpusNormalize", "CorpusFilters", "CorpusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CorpusDedupTests", dependencies: ["CorpusCore", "CorpusIngest", "CorpusDedup", "CorpusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CorpusTokenizerTests", dependencies: ["CorpusCore", "CorpusIngest", "CorpusTokenizer", "CorpusTestSupport"]),
        .testTarget(name: "CorpusShardsTests", dependencies: ["CorpusCore", "CorpusShards", "CorpusTestSupport"]),
        .testTarget(name: "CorpusPipelineTests", dependencies: ["CorpusPipeline", "CorpusReport", "CorpusTraining", "CorpusModels", "CorpusTestSupport"]),
        .testTarget(name: "CorpusTensorsTests", dependencies: ["CorpusTensors", "CorpusTestSupport"]),
        .testTarget(name: "CorpusTrainingTests", dependencies: ["CorpusTraining", "CorpusModels", "CorpusTensors", "CorpusShards", "CorpusTestSupport"]),
        .testTarget(
            name: "CorpusFinetuningTests",
            dependencies: [
                "CorpusFinetuning", "CorpusIngest", "CorpusShards", "CorpusTokenizer", "CorpusTensors", "CorpusModels", "CorpusTraining",
                "CorpusTestSupport",
            ]
        ),
        .testTarget(name: "CorpusModelsTests", dependencies: ["CorpusModels", "CorpusTensors", "CorpusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CorpusReportTests", dependencies: ["CorpusReport"], exclude: ["Fixtures"]),
        // Runs the built `corpus` binary; depending on the executable makes sure it is built first.
        .testTarget(
            name: "CorpusCLITests",
            dependencies: ["CorpusCLI", "CorpusShards", "CorpusReport", "CorpusTokenizer", "CorpusTensors", "CorpusModels", "CorpusTraining", "CorpusTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
