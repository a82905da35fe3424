// The SentencePiece library's own encode speed, in process: loads MODEL, reads TEXT (one document
// per line), encodes every line with SentencePieceProcessor::Encode on one thread and prints MB/s.
// With IDS_OUT, writes each document's ids (one line each, eos EOS appended) for id comparisons.
//   g++ -O2 -o spm_encode_docs spm_encode_docs.cc -lsentencepiece
//   spm_encode_docs MODEL TEXT [IDS_OUT]
#include <sentencepiece_processor.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    if (argc < 3) {
        std::cerr << "usage: spm_encode_docs MODEL TEXT [IDS_OUT]\n";
        return 64;
    }
    sentencepiece::SentencePieceProcessor processor;
    const auto status = processor.Load(argv[1]);
    if (!status.ok()) {
        std::cerr << status.ToString() << "\n";
        return 66;
    }
    std::ifstream input(argv[2]);
    std::vector<std::string> documents;
    std::string line;
    size_t bytes = 0;
    while (std::getline(input, line)) {
        bytes += line.size();
        documents.push_back(line);
    }
    std::vector<std::vector<int>> encoded(documents.size());
    const auto start = std::chrono::steady_clock::now();
    size_t tokens = 0;
    for (size_t i = 0; i < documents.size(); i++) {
        processor.Encode(documents[i], &encoded[i]).IgnoreError();
        tokens += encoded[i].size() + 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "{\"impl\": \"libsentencepiece\", \"threads\": 1, \"text_mb\": " << bytes / 1e6 << ", \"encode_s\": " << seconds
              << ", \"mb_per_s\": " << bytes / 1e6 / seconds << ", \"tokens\": " << tokens << "}\n";
    if (argc > 3) {
        std::ofstream out(argv[3]);
        for (const auto &ids : encoded) {
            for (int id : ids) out << id << ' ';
            out << processor.eos_id() << '\n';
        }
    }
    return 0;
}
