#include "corpus_mpi.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>

int corpus_mpi_init(int *rank, int *size) {
    int provided = 0;
    int code = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    if (code != MPI_SUCCESS) return code;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    code = MPI_Comm_rank(MPI_COMM_WORLD, rank);
    if (code != MPI_SUCCESS) return code;
    return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int corpus_mpi_initialized(void) {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag;
}

int corpus_mpi_finalize(void) { return MPI_Finalize(); }

int corpus_mpi_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }

// MPI counts are ints: long buffers go in pieces of at most 2^30 elements.
static const size_t piece = (size_t)1 << 30;

int corpus_mpi_sum_floats(float *values, size_t count) {
    for (size_t start = 0; start < count; start += piece) {
        size_t n = count - start < piece ? count - start : piece;
        int code = MPI_Allreduce(MPI_IN_PLACE, values + start, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int corpus_mpi_sum_doubles(double *values, size_t count) {
    for (size_t start = 0; start < count; start += piece) {
        size_t n = count - start < piece ? count - start : piece;
        int code = MPI_Allreduce(MPI_IN_PLACE, values + start, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int corpus_mpi_gather_doubles(const double *values, int count, double *gathered) {
    return MPI_Allgather(values, count, MPI_DOUBLE, gathered, count, MPI_DOUBLE, MPI_COMM_WORLD);
}

int corpus_mpi_gather_counts(int count, int *counts) {
    return MPI_Allgather(&count, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
}

int corpus_mpi_gather_floats(const float *values, int count, const int *counts, float *gathered) {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *offsets = malloc(sizeof(int) * (size_t)(size > 0 ? size : 1));
    if (offsets == NULL) return MPI_ERR_NO_MEM;
    int total = 0;
    for (int r = 0; r < size; r++) { offsets[r] = total; total += counts[r]; }
    int code = MPI_Allgatherv(values, count, MPI_FLOAT, gathered, counts, offsets, MPI_FLOAT, MPI_COMM_WORLD);
    free(offsets);
    return code;
}

int corpus_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

void corpus_mpi_error_text(int code, char *buffer, int length) {
    if (length <= 0) return;
    char text[MPI_MAX_ERROR_STRING];
    int written = 0;
    if (MPI_Error_string(code, text, &written) != MPI_SUCCESS) written = 0;
    text[written < MPI_MAX_ERROR_STRING ? written : MPI_MAX_ERROR_STRING - 1] = 0;
    strncpy(buffer, text, (size_t)length - 1);
    buffer[length - 1] = 0;
}
