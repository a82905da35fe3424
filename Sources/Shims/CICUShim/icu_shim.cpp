// ICU behind C types: see include/corpus_icu.h.
#include "corpus_icu.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/uversion.h>

namespace {

const icu::Normalizer2 *normalizerFor(int32_t form, UErrorCode &status) {
    switch (form) {
    case CORPUS_ICU_NFC: return icu::Normalizer2::getNFCInstance(status);
    case CORPUS_ICU_NFKC: return icu::Normalizer2::getNFKCInstance(status);
    case CORPUS_ICU_NFD: return icu::Normalizer2::getNFDInstance(status);
    case CORPUS_ICU_NFKD: return icu::Normalizer2::getNFKDInstance(status);
    case CORPUS_ICU_NFKC_CASEFOLD: return icu::Normalizer2::getNFKCCasefoldInstance(status);
    default: status = U_ILLEGAL_ARGUMENT_ERROR; return nullptr;
    }
}

char *copyOut(const std::string &text, int32_t *out_length) {
    char *buffer = static_cast<char *>(std::malloc(text.size() + 1));
    if (buffer == nullptr) return nullptr;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = 0;
    *out_length = static_cast<int32_t>(text.size());
    return buffer;
}

} // namespace

extern "C" char *corpus_icu_normalize_utf8(int32_t form, const char *src, int32_t length,
                                           int32_t *out_length, int32_t *error_code) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *normalizer = normalizerFor(form, status);
    std::string result;
    result.reserve(static_cast<size_t>(length) + 16);
    if (U_SUCCESS(status)) {
        icu::StringByteSink<std::string> sink(&result);
        normalizer->normalizeUTF8(0, icu::StringPiece(src, length), sink, nullptr, status);
    }
    *error_code = status;
    if (U_FAILURE(status)) return nullptr;
    return copyOut(result, out_length);
}

extern "C" int32_t corpus_icu_is_normalized_utf8(int32_t form, const char *src, int32_t length,
                                                 int32_t *error_code) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *normalizer = normalizerFor(form, status);
    UBool result = U_SUCCESS(status)
        ? normalizer->isNormalizedUTF8(icu::StringPiece(src, length), status) : false;
    *error_code = status;
    if (U_FAILURE(status)) return -1;
    return result ? 1 : 0;
}

extern "C" char *corpus_icu_convert_to_utf8(const char *charset, const char *src, int32_t length,
                                            int32_t *out_length, int32_t *error_code) {
    // Worst case is 3 UTF-8 bytes per input byte (one legacy byte -> a BMP character).
    int32_t capacity = length * 3 + 16;
    for (int attempt = 0; attempt < 2; attempt++) {
        char *buffer = static_cast<char *>(std::malloc(static_cast<size_t>(capacity) + 1));
        if (buffer == nullptr) { *error_code = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
        UErrorCode status = U_ZERO_ERROR;
        int32_t written = ucnv_convert("UTF-8", charset, buffer, capacity, src, length, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            std::free(buffer);
            capacity = written + 16;
            continue;
        }
        *error_code = status;
        if (U_FAILURE(status)) { std::free(buffer); return nullptr; }
        buffer[written] = 0;
        *out_length = written;
        return buffer;
    }
    *error_code = U_BUFFER_OVERFLOW_ERROR;
    return nullptr;
}

extern "C" int32_t corpus_icu_canonical_charset(const char *charset, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &status);
    if (U_FAILURE(status) || converter == nullptr) return 0;
    const char *name = ucnv_getName(converter, &status);
    int32_t known = 0;
    if (U_SUCCESS(status) && name != nullptr && capacity > 0) {
        std::strncpy(out, name, static_cast<size_t>(capacity) - 1);
        out[capacity - 1] = 0;
        known = 1;
    }
    ucnv_close(converter);
    return known;
}

extern "C" const char *corpus_icu_error_name(int32_t error_code) {
    return u_errorName(static_cast<UErrorCode>(error_code));
}

extern "C" void corpus_icu_version(char *out, int32_t capacity) {
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    if (capacity > 0) {
        std::strncpy(out, text, static_cast<size_t>(capacity) - 1);
        out[capacity - 1] = 0;
    }
}

extern "C" void corpus_icu_free(char *buffer) { std::free(buffer); }
