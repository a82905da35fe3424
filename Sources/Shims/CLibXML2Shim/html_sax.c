// libxml2's HTML SAX parser behind C types: see include/corpus_html_sax.h.
#include "corpus_html_sax.h"

#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

typedef struct {
    const corpus_html_sax_callbacks *callbacks;
    void *context;
} sax_bridge;

static void on_start(void *bridge, const xmlChar *name, const xmlChar **attributes) {
    sax_bridge *b = bridge;
    if (b->callbacks->start_element) b->callbacks->start_element(b->context, (const char *)name, (const char **)attributes);
}

static void on_end(void *bridge, const xmlChar *name) {
    sax_bridge *b = bridge;
    if (b->callbacks->end_element) b->callbacks->end_element(b->context, (const char *)name);
}

static void on_characters(void *bridge, const xmlChar *text, int length) {
    sax_bridge *b = bridge;
    if (b->callbacks->characters) b->callbacks->characters(b->context, (const char *)text, length);
}

static void on_error(void *bridge, xmlErrorPtr error) {
    (void)bridge;
    (void)error;  // damaged markup is the norm on the web
}

int corpus_html_sax_parse(const char *html, size_t length, const corpus_html_sax_callbacks *callbacks,
                          void *context) {
    static int initialized = 0;
    if (!__atomic_load_n(&initialized, __ATOMIC_ACQUIRE)) {
        xmlInitParser();  // idempotent; must run once before parsers run on several threads
        __atomic_store_n(&initialized, 1, __ATOMIC_RELEASE);
    }
    htmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.startElement = on_start;
    handler.endElement = on_end;
    handler.characters = on_characters;
    handler.cdataBlock = on_characters;
    handler.ignorableWhitespace = on_characters;
    handler.serror = on_error;
    sax_bridge bridge = {callbacks, context};

    htmlParserCtxtPtr parser = htmlCreatePushParserCtxt(&handler, &bridge, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (parser == NULL) return -1;
    htmlCtxtUseOptions(parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                   | HTML_PARSE_IGNORE_ENC);
    // htmlParseChunk takes an int length: feed large pages in pieces.
    size_t offset = 0;
    do {
        size_t size = length - offset;
        if (size > (1u << 24)) size = 1u << 24;
        int last = offset + size >= length;
        htmlParseChunk(parser, html + offset, (int)size, last);
        offset += size;
    } while (offset < length);
    htmlFreeParserCtxt(parser);
    return 0;
}
