// Umbrella header for the CGumbo system-library shim.
#include <gumbo.h>
