// A C-typed window onto ICU: normalization and charset conversion on UTF-8 bytes.
//
// Swift cannot import ICU's version-suffixed C functions, and Foundation on Linux carries a
// private ICU whose types clash with the system one; this header uses only C types so that
// neither problem reaches Swift code.
#ifndef CORPUS_ICU_H
#define CORPUS_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Unicode normalization forms understood by `corpus_icu_normalize_utf8`.
enum {
    CORPUS_ICU_NFC = 0,
    CORPUS_ICU_NFKC = 1,
    CORPUS_ICU_NFD = 2,
    CORPUS_ICU_NFKD = 3,
    CORPUS_ICU_NFKC_CASEFOLD = 4,
};

/// Normalizes UTF-8 text to `form`. Ill-formed input sequences become U+FFFD.
/// Returns a buffer of `*out_length` bytes to release with `corpus_icu_free`, or NULL with
/// `*error_code` set to ICU's error code (see `corpus_icu_error_name`).
char *corpus_icu_normalize_utf8(int32_t form, const char *src, int32_t length,
                                int32_t *out_length, int32_t *error_code);

/// Reports whether UTF-8 text is already in normalization `form` (1 yes, 0 no, -1 error).
int32_t corpus_icu_is_normalized_utf8(int32_t form, const char *src, int32_t length,
                                      int32_t *error_code);

/// Converts bytes in `charset` (any ICU converter name or alias: "Shift_JIS", "EUC-JP",
/// "GBK", "windows-1252", ...) to UTF-8; unmappable bytes become U+FFFD. Returns a buffer of
/// `*out_length` bytes to release with `corpus_icu_free`, or NULL with `*error_code` set
/// (an unknown charset gives U_FILE_ACCESS_ERROR).
char *corpus_icu_convert_to_utf8(const char *charset, const char *src, int32_t length,
                                 int32_t *out_length, int32_t *error_code);

/// Writes ICU's canonical name of `charset` into `out` (NUL-terminated, at most `capacity`
/// bytes). Returns 1 when ICU knows the charset, 0 when it does not.
int32_t corpus_icu_canonical_charset(const char *charset, char *out, int32_t capacity);

/// The symbolic name of an ICU error code, for error messages ("U_ILLEGAL_ARGUMENT_ERROR").
const char *corpus_icu_error_name(int32_t error_code);

/// The ICU version this shim was linked against ("72.1").
void corpus_icu_version(char *out, int32_t capacity);

/// Releases a buffer returned by this shim.
void corpus_icu_free(char *buffer);

#ifdef __cplusplus
}
#endif

#endif
