// A C-typed window onto libxml2's streaming HTML parser.
//
// libxml2's own headers pull in the system ICU (Debian builds it with ICU support), whose types
// clash with the private ICU inside Foundation on Linux; this header uses only C types.
#ifndef CORPUS_HTML_SAX_H
#define CORPUS_HTML_SAX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Callbacks for one parse; `context` is passed back unchanged. Names are lowercase UTF-8;
/// `attributes` alternates names and values and ends with NULL (it may itself be NULL).
typedef struct {
    void (*start_element)(void *context, const char *name, const char **attributes);
    void (*end_element)(void *context, const char *name);
    void (*characters)(void *context, const char *text, int length);
} corpus_html_sax_callbacks;

/// Parses UTF-8 HTML of `length` bytes, calling `callbacks` as elements open and close and as
/// text arrives (script and style content included, as text). Declared charsets in `<meta>` are
/// ignored: the input is already UTF-8. Malformed markup is recovered from silently.
/// Returns 0 when the parse ran, -1 when no parser could be created.
int corpus_html_sax_parse(const char *html, size_t length, const corpus_html_sax_callbacks *callbacks,
                          void *context);

#ifdef __cplusplus
}
#endif

#endif
