// Umbrella header for the CLibXML2 system-library shim.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
