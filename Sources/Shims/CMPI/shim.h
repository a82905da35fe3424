// Open MPI's C header, for the CMPIShim wrapper only: Swift cannot import mpi.h's handle macros
// (MPI_COMM_WORLD and friends are casts of addresses), so Swift code imports CMPIShim instead.
#include <mpi.h>
