// Umbrella header for the CLZ4 system-library shim.
#include <lz4frame.h>
