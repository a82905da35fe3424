// The few MPI calls corpus makes, with C types only. Every function returns an MPI error code
// (0 is success); corpus_mpi_error_text turns one into words.
#ifndef CORPUS_MPI_H
#define CORPUS_MPI_H

#include <stddef.h>

/// Initializes MPI (MPI_THREAD_FUNNELED), makes errors on MPI_COMM_WORLD return instead of
/// aborting, and writes this process's rank and the world's size.
int corpus_mpi_init(int *rank, int *size);
/// Whether MPI_Init has run (1) or not (0).
int corpus_mpi_initialized(void);
/// MPI_Finalize.
int corpus_mpi_finalize(void);
/// Ends every process of the world with `code` (MPI_Abort).
int corpus_mpi_abort(int code);
/// Sums `count` floats over the world, in place on every rank (MPI_Allreduce, MPI_IN_PLACE).
int corpus_mpi_sum_floats(float *values, size_t count);
/// Sums `count` doubles over the world, in place on every rank.
int corpus_mpi_sum_doubles(double *values, size_t count);
/// Every rank's `count` doubles, in rank order, into `gathered` (world size × count).
int corpus_mpi_gather_doubles(const double *values, int count, double *gathered);
/// Every rank's floats in rank order (`counts[r]` from rank r) into `gathered`; `counts` holds
/// the world size's entries, filled by the caller with corpus_mpi_gather_counts.
int corpus_mpi_gather_floats(const float *values, int count, const int *counts, float *gathered);
/// Every rank's `count` into `counts` (world size entries).
int corpus_mpi_gather_counts(int count, int *counts);
/// MPI_Barrier on the world.
int corpus_mpi_barrier(void);
/// The text of MPI error `code` into `buffer` (NUL-terminated, at most `length` bytes).
void corpus_mpi_error_text(int code, char *buffer, int length);

#endif
