/*
 * The C reference for `b4j bench lj-metropolis`: single-particle Metropolis on one Lennard-Jones
 * cluster, U = beta [eps sum_{i<j} ((rm/r)^12 - 2 (rm/r)^6) + k/2 sum_i |x_i - x_com|^2] with
 * eps = rm = k = 1, as MicroBenchmarks.ljMetropolis does it: a move picks a particle uniformly,
 * displaces it uniformly in a cube of half-width 0.1, and accepts by the O(n) energy difference
 * (one loop over the other particles for the old and the new pair terms; the trap's change from the
 * running coordinate sums, kept up to date on acceptance). SplitMix64 draws (SplittableRandom's
 * generator), 53-bit doubles, the particle by a 64-bit multiply-shift. It starts on the simple
 * cubic (square) grid of spacing rm, as LennardJones.newConfiguration does, and the warm-up calls
 * equilibrate it (the Java benchmark starts at the lowest quenched minimum: compare acceptance).
 * Prints the median and minimum wall ns per attempted move over `runs` calls, the median CPU ns of
 * the thread (less disturbed by other processes on a loaded machine), the acceptance and U at the end.
 *
 *   gcc -O3 -march=native -o /tmp/lj_metropolis benchmarks/src/test/c/lj_metropolis.c -lm
 *   /tmp/lj_metropolis n dim beta sweeps runs
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state = 42;

static inline uint64_t next64(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline double uniform(void) {
    return (next64() >> 11) * 0x1.0p-53;
}

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* U of the whole cluster (beta included), for the final check */
static double energy(const double *x, int n, int dim, double beta) {
    double pair = 0, spread = 0;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double r2 = 0;
            for (int a = 0; a < dim; a++) {
                double d = x[i * dim + a] - x[j * dim + a];
                r2 += d * d;
            }
            double s6 = 1 / (r2 * r2 * r2);
            pair += s6 * s6 - 2 * s6;
        }
    }
    for (int a = 0; a < dim; a++) {
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i * dim + a];
            sq += x[i * dim + a] * x[i * dim + a];
        }
        spread += sq - sum * sum / n;
    }
    return beta * (pair + 0.5 * spread);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 13;
    int dim = argc > 2 ? atoi(argv[2]) : 3;
    double beta = argc > 3 ? atof(argv[3]) : 1;
    int sweeps = argc > 4 ? atoi(argv[4]) : 10000;
    int runs = argc > 5 ? atoi(argv[5]) : 10;
    if (n < 2 || (dim != 2 && dim != 3) || sweeps < 1 || runs < 1) {
        fprintf(stderr, "usage: lj_metropolis n>=2 dim=2|3 beta sweeps>=1 runs>=1\n");
        return 2;
    }
    double *x = malloc(sizeof(double) * n * dim);
    int side = (int) ceil(pow(n, 1.0 / dim) - 1e-9);
    for (int p = 0; p < n; p++) {
        int q = p;
        for (int a = 0; a < dim; a++) {
            x[p * dim + a] = q % side;
            q /= side;
        }
    }
    double sum[3] = {0, 0, 0};
    for (int p = 0; p < n; p++) {
        for (int a = 0; a < dim; a++) {
            sum[a] += x[p * dim + a];
        }
    }
    double *ns = malloc(sizeof(double) * runs);
    double *cpu = malloc(sizeof(double) * runs);
    long accepted = 0, moves = 0;
    const double step = 0.1;
    for (int r = -3; r < runs; r++) {
        double t0 = now(CLOCK_MONOTONIC);
        double c0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (long m = 0; m < (long) sweeps * n; m++) {
            int p = (int) (((next64() >> 32) * (uint64_t) n) >> 32);
            double *xp = x + p * dim;
            double trial[3] = {0, 0, 0};
            for (int a = 0; a < dim; a++) {
                trial[a] = xp[a] + step * (2 * uniform() - 1);
            }
            double dPair = 0;
            for (int j = 0; j < n; j++) {
                if (j == p) {
                    continue;
                }
                const double *xj = x + j * dim;
                double r2o = 0, r2n = 0;
                for (int a = 0; a < dim; a++) {
                    double dold = xp[a] - xj[a], dnew = trial[a] - xj[a];
                    r2o += dold * dold;
                    r2n += dnew * dnew;
                }
                double so = 1 / (r2o * r2o * r2o), sn = 1 / (r2n * r2n * r2n);
                dPair += sn * sn - 2 * sn - (so * so - 2 * so);
            }
            double dSpread = 0;
            for (int a = 0; a < dim; a++) {
                double moved = sum[a] - xp[a] + trial[a];
                dSpread += trial[a] * trial[a] - xp[a] * xp[a] - (moved * moved - sum[a] * sum[a]) / n;
            }
            double du = beta * (dPair + 0.5 * dSpread);
            if (du <= 0 || uniform() < exp(-du)) {
                for (int a = 0; a < dim; a++) {
                    sum[a] += trial[a] - xp[a];
                    xp[a] = trial[a];
                }
                accepted++;
            }
            moves++;
        }
        double t = now(CLOCK_MONOTONIC) - t0;
        double c = now(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (r >= 0) {
            ns[r] = t * 1e9 / ((double) sweeps * n);
            cpu[r] = c * 1e9 / ((double) sweeps * n);
        }
    }
    qsort(ns, runs, sizeof(double), compare);
    qsort(cpu, runs, sizeof(double), compare);
    printf("{\"name\":\"c-lj-metropolis\",\"n\":%d,\"dim\":%d,\"beta\":%g,\"sweeps\":%d,\"runs\":%d,\"ns_per_move\":%.4f,"
           "\"min_ns_per_move\":%.4f,\"cpu_ns_per_move\":%.4f,\"acceptance\":%.4f,\"final_energy\":%.6f}\n",
           n, dim, beta, sweeps, runs, ns[runs / 2], ns[0], cpu[runs / 2], accepted / (double) moves,
           energy(x, n, dim, beta));
    return 0;
}
