// Umbrella header for the CZlib system-library shim.
#include <zlib.h>
