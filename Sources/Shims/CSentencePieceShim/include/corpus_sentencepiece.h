// A C-typed window onto SentencePiece: train, load, encode and decode.
//
// SentencePiece is C++; Swift's C++ interop would force interop mode on every dependent module
// and never frees its objects, so this header exposes only C types.
//
// Conventions:
// - Fallible calls return a status: 0 on success, otherwise SentencePiece's
//   `util::StatusCode` (3 invalid argument, 5 not found, 8 out of memory, 11 out of range,
//   13 internal, ...). On failure `*error_message` receives a malloc'd, NUL-terminated message
//   from the library, released with `corpus_spm_free_string`; on success it is set to NULL.
//   `error_message` may be NULL when the caller does not want the message.
// - Text is UTF-8 given as pointer + byte length; it need not be NUL-terminated.
// - A processor is immutable after loading: encode, decode and lookups may run on it from
//   several threads at once. Training is not thread-safe (it uses process-wide flags).
#ifndef CORPUS_SENTENCEPIECE_H
#define CORPUS_SENTENCEPIECE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A loaded SentencePiece model; create with `corpus_spm_load_file`/`_bytes`, release with
/// `corpus_spm_free`.
typedef struct corpus_spm_processor corpus_spm_processor;

/// Status returned by every fallible call when it succeeds.
#define CORPUS_SPM_OK 0

/// Trains a model from a `spm_train`-style flags string, e.g.
/// "--input=a.txt --model_prefix=/tmp/m --vocab_size=8000 --model_type=unigram"; writes
/// `<model_prefix>.model` and `<model_prefix>.vocab`. Returns a status (see conventions).
int32_t corpus_spm_train(const char *flags, char **error_message);

/// Sets SentencePiece's process-wide log threshold: 0 logs INFO and up (training progress),
/// 1 WARNING and up, 2 ERROR and up. Training flags parse `--minloglevel` only after the
/// first INFO line, so set this before training to keep the log quiet.
void corpus_spm_set_min_log_level(int32_t level);

/// Trains a model from sentences held in memory, handing back the serialized model instead
/// of writing files. `flags` is a `spm_train`-style flags string without `--input` and without
/// `--model_prefix` (e.g. "--model_type=bpe --vocab_size=8000"); no file is written. The `count` sentences lie end to end in `text`, sentence `i` being
/// `lengths[i]` bytes of UTF-8 (no separators). On success `*model` receives a malloc'd copy of
/// the `*model_length` bytes of the `.model` file (release with `corpus_spm_free_string`).
/// Returns a status (see conventions).
int32_t corpus_spm_train_sentences(const char *flags, const char *text, const size_t *lengths,
                                   size_t count, char **model, size_t *model_length,
                                   char **error_message);

/// Loads a model from the `.model` file at `path` (NUL-terminated). Returns NULL on failure
/// with `*error_message` set.
corpus_spm_processor *corpus_spm_load_file(const char *path, char **error_message);

/// Loads a model from the serialized bytes of a `.model` file. Returns NULL on failure with
/// `*error_message` set.
corpus_spm_processor *corpus_spm_load_bytes(const char *bytes, size_t length,
                                            char **error_message);

/// Releases a processor (NULL is allowed).
void corpus_spm_free(corpus_spm_processor *processor);

/// Releases a string returned by this shim (error messages, decoded text; NULL is allowed).
void corpus_spm_free_string(char *string);

/// Number of pieces in the vocabulary; valid ids are 0 ..< vocab size.
int32_t corpus_spm_vocab_size(const corpus_spm_processor *processor);

/// The id of the piece `piece` (`length` UTF-8 bytes), or the unknown id when the vocabulary
/// has no such piece.
int32_t corpus_spm_piece_to_id(const corpus_spm_processor *processor, const char *piece,
                               size_t length);

/// The piece of `id` as UTF-8 ("▁the", "<unk>"), `*length` bytes, NUL-terminated. The
/// pointer is borrowed from the processor and stays valid until `corpus_spm_free`. Returns
/// NULL when `id` is out of range.
const char *corpus_spm_id_to_piece(const corpus_spm_processor *processor, int32_t id,
                                   size_t *length);

/// Encodes `length` bytes of UTF-8 text into ids. Writes at most `capacity` ids to `ids` and
/// always sets `*count` to the full number of ids the text encodes to: when `*count` exceeds
/// `capacity` only the first `capacity` ids were written, and the caller retries with a
/// buffer of `*count` ids. Returns a status (see conventions).
int32_t corpus_spm_encode(const corpus_spm_processor *processor, const char *text,
                          size_t length, int32_t *ids, size_t capacity, size_t *count,
                          char **error_message);

/// Decodes `count` ids into UTF-8 text. On success `*text` receives a malloc'd,
/// NUL-terminated string of `*length` bytes (release with `corpus_spm_free_string`). An id
/// out of range fails with status 11 (out of range). Returns a status (see conventions).
int32_t corpus_spm_decode(const corpus_spm_processor *processor, const int32_t *ids,
                          size_t count, char **text, size_t *length, char **error_message);

/// The score of the piece with `id` (log probability for unigram, merge rank for BPE; 0 for
/// control pieces and out-of-range ids).
float corpus_spm_score(const corpus_spm_processor *processor, int32_t id);

/// Kinds of pieces, numbered as `ModelProto.SentencePiece.Type` numbers them.
typedef enum corpus_spm_piece_type {
    /// An id outside the vocabulary.
    CORPUS_SPM_PIECE_INVALID = 0,
    /// A piece learned from text, or a user-defined symbol (0.1.97 cannot tell them apart).
    CORPUS_SPM_PIECE_NORMAL = 1,
    /// The unknown piece.
    CORPUS_SPM_PIECE_UNKNOWN = 2,
    /// A control symbol (`<s>`, `</s>`, sentinels): never produced from text, decodes to "".
    CORPUS_SPM_PIECE_CONTROL = 3,
    /// An unused piece.
    CORPUS_SPM_PIECE_UNUSED = 5,
    /// A byte-fallback piece `<0x41>`.
    CORPUS_SPM_PIECE_BYTE = 6,
} corpus_spm_piece_type;

/// The kind of the piece with `id` (`CORPUS_SPM_PIECE_INVALID` when out of range).
corpus_spm_piece_type corpus_spm_piece_kind(const corpus_spm_processor *processor, int32_t id);

/// The id of the unknown piece `<unk>` (-1 when the model has none).
int32_t corpus_spm_unk_id(const corpus_spm_processor *processor);

/// The id of the beginning-of-sentence piece `<s>` (-1 when disabled).
int32_t corpus_spm_bos_id(const corpus_spm_processor *processor);

/// The id of the end-of-sentence piece `</s>` (-1 when disabled).
int32_t corpus_spm_eos_id(const corpus_spm_processor *processor);

/// The id of the padding piece `<pad>` (-1 when disabled).
int32_t corpus_spm_pad_id(const corpus_spm_processor *processor);

#ifdef __cplusplus
}
#endif

#endif
