// Umbrella header for the COpenBLAS system-library shim.
#include <cblas.h>
