// A C-typed window onto CLD2 (Compact Language Detector 2) for plain UTF-8 text.
//
// CLD2 is C++; this header exposes only C types. Every call is thread-safe.
#ifndef CORPUS_CLD2_H
#define CORPUS_CLD2_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// CLD2's language number for "unknown" (code "un").
#define CORPUS_CLD2_UNKNOWN_LANGUAGE 26

/// What CLD2 found in a text: its top three languages, best first.
typedef struct {
    /// CLD2 language numbers; turn into codes with `corpus_cld2_language_code`. Unused slots
    /// hold `CORPUS_CLD2_UNKNOWN_LANGUAGE`.
    int32_t languages[3];
    /// Share of the text's letters in each language, 0...100.
    int32_t percents[3];
    /// CLD2's normalized score of each language (higher is more confident).
    double normalized_scores[3];
    /// Number of letter bytes CLD2 scored (spaces, digits, punctuation excluded).
    int32_t text_bytes;
    /// 1 when the top language is clearly more likely than the runner-up, else 0.
    int32_t is_reliable;
    /// Number of leading bytes that are valid UTF-8. Less than the input length means the
    /// text is not valid UTF-8: CLD2 then scores nothing and answers "un", unreliable, so
    /// repair the text (invalid bytes -> U+FFFD) and detect again.
    int32_t valid_prefix_bytes;
} corpus_cld2_result;

/// Detects the language of `length` bytes of plain UTF-8 text (not HTML). Writes the top
/// language's code ("en", "ja", "zh-Hant", "un" for unknown) NUL-terminated into `code`
/// (at most `capacity` bytes; 16 is always enough) and the details into `*result` (which may
/// be NULL). Returns the top language's CLD2 number. Empty text gives "un".
int32_t corpus_cld2_detect(const char *text, int32_t length, char *code, int32_t capacity,
                           corpus_cld2_result *result);

/// The code of a CLD2 language number ("en"); "un" when out of range. Static storage.
const char *corpus_cld2_language_code(int32_t language);

/// The English name of a CLD2 language number ("ENGLISH"); "Unknown" when out of range.
/// Static storage.
const char *corpus_cld2_language_name(int32_t language);

/// The CLD2 language number of a code or name ("fr", "FRENCH", "en-Latn-GB"), or
/// `CORPUS_CLD2_UNKNOWN_LANGUAGE` when CLD2 does not know it.
int32_t corpus_cld2_language_from_name(const char *code_or_name);

#ifdef __cplusplus
}
#endif

#endif
