// Umbrella header for the CZstd system-library shim.
#include <zstd.h>
