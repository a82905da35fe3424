// Umbrella header for the CXXHash system-library shim.
#include <xxhash.h>
