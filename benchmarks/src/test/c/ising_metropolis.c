/*
 * The C reference for `b4j bench ising-metropolis`: sequential single-spin Metropolis sweeps of
 * one L x L Ising torus (J = 1, h = 0) at beta_c, int8 spins, a SplitMix64 draw per site compared
 * (low 32 bits) with a 32-bit threshold tabulated by (neighbour sum, spin), branch-free flip, as
 * SpinMetropolis does. Prints the median and minimum wall ns per attempted flip over `runs` calls,
 * and the median CPU ns of the thread (less disturbed by other processes on a loaded machine).
 *
 *   gcc -O3 -march=native -o /tmp/ising_metropolis benchmarks/src/test/c/ising_metropolis.c -lm
 *   /tmp/ising_metropolis L sweeps runs
 *
 * With -DSELECT_LEFT it uses SpinMetropolis's own loop (both outcomes computed ahead of the left
 * neighbour, selected by its sign) instead of the plain one, whose left neighbour is on the
 * critical path of every site; with -DSELECT_LEFT -DTRACK_ENERGY it also accumulates the changes of
 * bond sum and magnetization that SpinMetropolis reports so that U is kept: the equivalent loop.
 * -DROW_DRAWS (with both) also makes a row's draws ahead in a loop of their own, the same stream,
 * as SpinMetropolis does (gcc vectorizes it too with -march=native on AVX-512).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(TRACK_ENERGY) && !defined(SELECT_LEFT)
#error "TRACK_ENERGY goes with SELECT_LEFT"
#endif
#if defined(ROW_DRAWS) && !defined(TRACK_ENERGY)
#error "ROW_DRAWS goes with SELECT_LEFT and TRACK_ENERGY"
#endif
#if defined(ROW_DRAWS)
#define NAME "c-ising-metropolis-select-left-track-row-draws"
#elif defined(SELECT_LEFT) && defined(TRACK_ENERGY)
#define NAME "c-ising-metropolis-select-left-track"
#elif defined(SELECT_LEFT)
#define NAME "c-ising-metropolis-select-left"
#else
#define NAME "c-ising-metropolis"
#endif

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
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

int main(int argc, char **argv) {
    int L = argc > 1 ? atoi(argv[1]) : 64;
    int sweeps = argc > 2 ? atoi(argv[2]) : 1000;
    int runs = argc > 3 ? atoi(argv[3]) : 20;
    int n = L * L;
    double beta = 0.5 * log(1 + sqrt(2.0));
    uint64_t thr[18];
    for (int sum = -4; sum <= 4; sum++) {
        for (int si = -1; si <= 1; si += 2) {
            double p = exp(-2 * beta * si * sum);
            thr[((sum + 4) << 1) | ((si + 1) >> 1)] = p >= 1 ? (1ULL << 32) : (uint64_t) llround(p * 4294967296.0);
        }
    }
    int8_t *s = malloc(n);
    uint64_t *bits = malloc(sizeof(uint64_t) * L);
    uint64_t *steps = malloc(sizeof(uint64_t) * L);
    for (int x = 0; x < L; x++) {
        steps[x] = (uint64_t) (x + 1) * 0x9E3779B97F4A7C15ULL;
    }
    uint64_t state = 12345;
    for (int i = 0; i < n; i++) {
        state += 0x9E3779B97F4A7C15ULL;
        s[i] = (mix(state) >> 63) ? 1 : -1;
    }
    double *ns = malloc(sizeof(double) * runs);
    double *cpu = malloc(sizeof(double) * runs);
    long flips = 0;
    long dB = 0;
    long dM = 0;
    for (int r = -3; r < runs; r++) {
        double t0 = now(CLOCK_MONOTONIC);
        double c0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (int k = 0; k < sweeps; k++) {
            for (int y = 0; y < L; y++) {
                int row = y * L;
                int up = y == 0 ? n - L : -L;
                int down = y == L - 1 ? L - n : L;
                int left = s[row + L - 1];
#ifdef ROW_DRAWS
                for (int x = 0; x < L; x++) {
                    bits[x] = mix(state + steps[x]) & 0xFFFFFFFFULL;
                }
                state += steps[L - 1];
#endif
                for (int x = 0; x < L; x++) {
                    int i = row + x;
                    int si = s[i];
#ifdef ROW_DRAWS
                    uint64_t u = bits[x];
#else
                    state += 0x9E3779B97F4A7C15ULL;
                    uint64_t u = mix(state) & 0xFFFFFFFFULL;
#endif
#ifdef SELECT_LEFT
                    /* SpinMetropolis's loop: both outcomes ahead, selected by the left neighbour */
                    int others = s[x == L - 1 ? row : i + 1] + s[i + up] + s[i + down];
                    int base = ((others + 4) << 1) | ((si + 1) >> 1);
                    int fp = (int) ((u - thr[base + 2]) >> 63);
                    int fm = (int) ((u - thr[base - 2]) >> 63);
                    int flip = fm ^ ((fp ^ fm) & ~(left >> 31));
#else
                    int sum = s[x == L - 1 ? row : i + 1] + left + s[i + up] + s[i + down];
                    int flip = (int) ((u - thr[((sum + 4) << 1) | ((si + 1) >> 1)]) >> 63);
#endif
                    int next = (si ^ -flip) + flip;
                    s[i] = (int8_t) next;
                    flips += flip;
#ifdef TRACK_ENERGY
                    /* the changes of bond sum and magnetization SpinMetropolis reports, for U */
                    int ds = next - si;
                    dB += ds * (others + left);
                    dM += ds;
#endif
                    left = next;
                }
            }
        }
        double t = now(CLOCK_MONOTONIC) - t0;
        double c = now(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (r >= 0) {
            ns[r] = t * 1e9 / ((double) sweeps * n);
            cpu[r] = c * 1e9 / ((double) sweeps * n);
        }
    }
    if (dB == 1 && dM == 1) {
        puts("");  /* keeps the tracked sums live */
    }
    qsort(ns, runs, sizeof(double), compare);
    qsort(cpu, runs, sizeof(double), compare);
    printf("{\"name\":\"%s\",\"L\":%d,\"sweeps\":%d,\"runs\":%d,\"ns_per_flip\":%.4f,\"min_ns_per_flip\":%.4f,\"cpu_ns_per_flip\":%.4f,\"acceptance\":%.4f}\n",
           NAME, L, sweeps, runs, ns[runs / 2], ns[0], cpu[runs / 2], flips / ((double) (runs + 3) * sweeps * n));
    return 0;
}
