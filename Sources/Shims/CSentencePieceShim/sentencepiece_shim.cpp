// SentencePiece behind C types: see include/corpus_sentencepiece.h.
#include "corpus_sentencepiece.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

// Exported by libsentencepiece but declared only in its private common.h.
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

struct corpus_spm_processor {
    sentencepiece::SentencePieceProcessor sp;
};

namespace {

using sentencepiece::util::Status;
using sentencepiece::util::StatusCode;

char *copyString(const char *data, size_t length) {
    char *buffer = static_cast<char *>(std::malloc(length + 1));
    if (buffer == nullptr) return nullptr;
    std::memcpy(buffer, data, length);
    buffer[length] = 0;
    return buffer;
}

/// Hands a status to C: its code, and its message into `*error_message` when it failed.
int32_t report(const Status &status, char **error_message) {
    if (error_message != nullptr) {
        *error_message = nullptr;
        if (!status.ok()) {
            const std::string text = status.ToString();
            *error_message = copyString(text.data(), text.size());
        }
    }
    return static_cast<int32_t>(status.code());
}

/// Runs `body`, turning a C++ exception into a status: none may cross into Swift.
template <typename Body> int32_t guarded(char **error_message, Body body) {
    try {
        return report(body(), error_message);
    } catch (const std::bad_alloc &) {
        return report(Status(StatusCode::kResourceExhausted, "out of memory"), error_message);
    } catch (const std::exception &e) {
        return report(Status(StatusCode::kInternal, e.what()), error_message);
    } catch (...) {
        return report(Status(StatusCode::kUnknown, "unknown C++ exception"), error_message);
    }
}

Status checkIds(const corpus_spm_processor *processor, const int32_t *ids, size_t count) {
    const int size = processor->sp.GetPieceSize();
    for (size_t i = 0; i < count; i++) {
        if (ids[i] < 0 || ids[i] >= size) {
            char message[96];
            std::snprintf(message, sizeof message, "id %d at position %zu is outside 0..<%d",
                          ids[i], i, size);
            return Status(StatusCode::kOutOfRange, message);
        }
    }
    return Status();
}

/// Creates a processor and loads it with `loader`; NULL (and the message) when that fails.
template <typename Loader> corpus_spm_processor *load(char **error_message, Loader loader) {
    corpus_spm_processor *processor = nullptr;
    int32_t status = guarded(error_message, [&] {
        processor = new corpus_spm_processor();
        return loader(processor->sp);
    });
    if (status != CORPUS_SPM_OK) {
        delete processor;
        return nullptr;
    }
    return processor;
}

/// Hands SentencePiece the sentences laid end to end in one buffer, one at a time.
class BufferSentences : public sentencepiece::SentenceIterator {
  public:
    BufferSentences(const char *text, const size_t *lengths, size_t count)
        : text_(text), lengths_(lengths), count_(count) {
        load();
    }
    bool done() const override { return index_ >= count_; }
    void Next() override {
        offset_ += lengths_[index_];
        index_++;
        load();
    }
    const std::string &value() const override { return value_; }
    Status status() const override { return Status(); }

  private:
    void load() {
        if (index_ < count_) value_.assign(text_ + offset_, lengths_[index_]);
    }
    const char *text_;
    const size_t *lengths_;
    size_t count_;
    size_t index_ = 0;
    size_t offset_ = 0;
    std::string value_;
};

} // namespace

extern "C" int32_t corpus_spm_train_sentences(const char *flags, const char *text,
                                              const size_t *lengths, size_t count, char **model,
                                              size_t *model_length, char **error_message) {
    *model = nullptr;
    *model_length = 0;
    return guarded(error_message, [&] {
        BufferSentences sentences(text, lengths, count);
        std::string serialized;
        Status status = sentencepiece::SentencePieceTrainer::Train(absl::string_view(flags),
                                                                  &sentences, &serialized);
        if (!status.ok()) return status;
        *model = copyString(serialized.data(), serialized.size());
        if (*model == nullptr) return Status(StatusCode::kResourceExhausted, "out of memory");
        *model_length = serialized.size();
        return status;
    });
}

extern "C" void corpus_spm_set_min_log_level(int32_t level) {
    sentencepiece::logging::SetMinLogLevel(level);
}

extern "C" int32_t corpus_spm_train(const char *flags, char **error_message) {
    return guarded(error_message, [&] {
        return sentencepiece::SentencePieceTrainer::Train(absl::string_view(flags));
    });
}

extern "C" corpus_spm_processor *corpus_spm_load_file(const char *path, char **error_message) {
    return load(error_message, [&](sentencepiece::SentencePieceProcessor &sp) {
        return sp.Load(absl::string_view(path));
    });
}

extern "C" corpus_spm_processor *corpus_spm_load_bytes(const char *bytes, size_t length,
                                                       char **error_message) {
    return load(error_message, [&](sentencepiece::SentencePieceProcessor &sp) {
        return sp.LoadFromSerializedProto(absl::string_view(bytes, length));
    });
}

extern "C" void corpus_spm_free(corpus_spm_processor *processor) { delete processor; }

extern "C" void corpus_spm_free_string(char *string) { std::free(string); }

extern "C" int32_t corpus_spm_vocab_size(const corpus_spm_processor *processor) {
    return processor->sp.GetPieceSize();
}

extern "C" int32_t corpus_spm_piece_to_id(const corpus_spm_processor *processor,
                                          const char *piece, size_t length) {
    return processor->sp.PieceToId(absl::string_view(piece, length));
}

extern "C" const char *corpus_spm_id_to_piece(const corpus_spm_processor *processor, int32_t id,
                                              size_t *length) {
    // The library does not bounds-check ids here, so the shim does.
    if (id < 0 || id >= processor->sp.GetPieceSize()) return nullptr;
    const std::string &piece = processor->sp.IdToPiece(id);
    *length = piece.size();
    return piece.c_str();
}

extern "C" int32_t corpus_spm_encode(const corpus_spm_processor *processor, const char *text,
                                     size_t length, int32_t *ids, size_t capacity,
                                     size_t *count, char **error_message) {
    *count = 0;
    return guarded(error_message, [&] {
        // One scratch vector per thread: the hot path allocates no id buffer per call.
        thread_local std::vector<int> encoded;
        Status status = processor->sp.Encode(absl::string_view(text, length), &encoded);
        if (!status.ok()) return status;
        *count = encoded.size();
        const size_t written = encoded.size() < capacity ? encoded.size() : capacity;
        for (size_t i = 0; i < written; i++) ids[i] = static_cast<int32_t>(encoded[i]);
        return status;
    });
}

extern "C" int32_t corpus_spm_decode(const corpus_spm_processor *processor, const int32_t *ids,
                                     size_t count, char **text, size_t *length,
                                     char **error_message) {
    *text = nullptr;
    *length = 0;
    return guarded(error_message, [&] {
        Status status = checkIds(processor, ids, count);
        if (!status.ok()) return status;
        const std::vector<int> input(ids, ids + count);
        std::string decoded;
        status = processor->sp.Decode(input, &decoded);
        if (!status.ok()) return status;
        *text = copyString(decoded.data(), decoded.size());
        if (*text == nullptr) return Status(StatusCode::kResourceExhausted, "out of memory");
        *length = decoded.size();
        return status;
    });
}

extern "C" float corpus_spm_score(const corpus_spm_processor *processor, int32_t id) {
    if (id < 0 || id >= processor->sp.GetPieceSize()) return 0;
    return processor->sp.GetScore(id);
}

extern "C" corpus_spm_piece_type corpus_spm_piece_kind(const corpus_spm_processor *processor,
                                                     int32_t id) {
    const auto &sp = processor->sp;
    if (id < 0 || id >= sp.GetPieceSize()) return CORPUS_SPM_PIECE_INVALID;
    if (sp.IsUnknown(id)) return CORPUS_SPM_PIECE_UNKNOWN;
    if (sp.IsControl(id)) return CORPUS_SPM_PIECE_CONTROL;
    if (sp.IsUnused(id)) return CORPUS_SPM_PIECE_UNUSED;
    if (sp.IsByte(id)) return CORPUS_SPM_PIECE_BYTE;
    return CORPUS_SPM_PIECE_NORMAL;
}

extern "C" int32_t corpus_spm_unk_id(const corpus_spm_processor *processor) {
    return processor->sp.unk_id();
}

extern "C" int32_t corpus_spm_bos_id(const corpus_spm_processor *processor) {
    return processor->sp.bos_id();
}

extern "C" int32_t corpus_spm_eos_id(const corpus_spm_processor *processor) {
    return processor->sp.eos_id();
}

extern "C" int32_t corpus_spm_pad_id(const corpus_spm_processor *processor) {
    return processor->sp.pad_id();
}
