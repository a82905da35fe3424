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
