// CLD2 behind C types: see include/corpus_cld2.h.
#include "corpus_cld2.h"

// compact_lang_det.h names FILE without including <cstdio> itself.
#include <cstdio>
#include <cstring>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

static_assert(CORPUS_CLD2_UNKNOWN_LANGUAGE == CLD2::UNKNOWN_LANGUAGE,
              "corpus_cld2.h disagrees with CLD2 about the unknown language");

namespace {

CLD2::Language languageOf(int32_t language) {
    if (language < 0 || language >= CLD2::NUM_LANGUAGES) return CLD2::UNKNOWN_LANGUAGE;
    return static_cast<CLD2::Language>(language);
}

} // namespace

extern "C" int32_t corpus_cld2_detect(const char *text, int32_t length, char *code,
                                      int32_t capacity, corpus_cld2_result *result) {
    CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                   CLD2::UNKNOWN_LANGUAGE};
    int percent3[3] = {0, 0, 0};
    double scores3[3] = {0, 0, 0};
    int textBytes = 0;
    bool reliable = false;
    int validPrefix = 0;
    CLD2::Language top = CLD2::UNKNOWN_LANGUAGE;
    if (length > 0) {
        const CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING,
                                      CLD2::UNKNOWN_LANGUAGE};
        // The CheckUTF8 variant stops at the first invalid byte instead of reading wrongly.
        top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
            text, length, /*is_plain_text=*/true, &hints, /*flags=*/0, language3, percent3,
            scores3, /*resultchunkvector=*/nullptr, &textBytes, &reliable, &validPrefix);
    }
    if (code != nullptr && capacity > 0) {
        std::snprintf(code, static_cast<size_t>(capacity), "%s", CLD2::LanguageCode(top));
    }
    if (result != nullptr) {
        for (int i = 0; i < 3; i++) {
            result->languages[i] = language3[i];
            result->percents[i] = percent3[i];
            result->normalized_scores[i] = scores3[i];
        }
        result->text_bytes = textBytes;
        result->is_reliable = reliable ? 1 : 0;
        result->valid_prefix_bytes = length > 0 ? validPrefix : 0;
    }
    return top;
}

extern "C" const char *corpus_cld2_language_code(int32_t language) {
    return CLD2::LanguageCode(languageOf(language));
}

extern "C" const char *corpus_cld2_language_name(int32_t language) {
    return CLD2::LanguageName(languageOf(language));
}

extern "C" int32_t corpus_cld2_language_from_name(const char *code_or_name) {
    return CLD2::GetLanguageFromName(code_or_name);
}
