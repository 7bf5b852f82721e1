package org.boltzmann4j.analysis.stats;

import java.util.Arrays;
import java.util.Locale;

import org.boltzmann4j.core.B4jException;

/**
 * Estimates from Markov chain traces and from importance-weighted samples.
 *
 * <p>For chains, the autocovariance of each chain about its own mean is computed by FFT and
 * averaged over chains; the integrated autocorrelation time uses Sokal's automatic window, the
 * smallest W with {@code W >= 5 tau(W)}. With eight or more chains the error is never below the
 * spread of the chain means, {@code sd(chain means)/sqrt(chains)}, so chains stuck in different
 * modes cannot report a tiny error. τ_int is at least 1, so the ESS never exceeds the samples.
 *
 * <p>One rule says when an error bar can be trusted ({@link #distrust}): at least
 * {@value #MIN_TAUS_PER_CHAIN} τ_int per chain (for importance-weighted samples: a Kish ESS of at
 * least that many), split R-hat at most {@value #MAX_R_HAT}, and, for chains, no drift from the
 * start of the records beyond {@value #MAX_START_DRIFT} standard errors ({@link #startDrift}).
 * Short of that, τ_int and the error are themselves unknown; {@link #untrusted} then raises the
 * error to one sample's standard deviation.
 */
public final class McStatistics {

    /** Sokal's window constant c in W >= c tau(W). */
    static final double WINDOW_C = 5.0;
    /** Chains needed before the between-chain error is trusted as a lower bound. */
    static final int MIN_CHAINS_FOR_BETWEEN = 8;

    /** Chain length, in units of τ_int, below which an error bar is not trusted. */
    public static final double MIN_TAUS_PER_CHAIN = 20;
    /** Split R-hat above which the chains have not mixed. */
    public static final double MAX_R_HAT = 1.1;
    /** |t| of {@link #startDrift} above which the chains were not stationary when recording began. */
    public static final double MAX_START_DRIFT = 5;
    /** Chains (and records per chain) below which {@link #startDrift} is not computed. */
    static final int MIN_CHAINS_FOR_DRIFT = 16;

    private McStatistics() {
    }

    /**
     * Why the error of {@code e} cannot be trusted, or null if it can.
     *
     * @param recordsPerChain the records of each chain the estimate rests on (for weighted samples, their number)
     */
    public static String distrust(Estimate e, long recordsPerChain) {
        double taus = recordsPerChain / e.tauInt();
        if (!(taus >= MIN_TAUS_PER_CHAIN)) {
            return String.format(Locale.ROOT, "%.3g tau_int per chain", taus);
        }
        if (e.rHat() > MAX_R_HAT) {
            return String.format(Locale.ROOT, "split R-hat %.3g", e.rHat());
        }
        return null;
    }

    /**
     * Why the error of {@code e}, the estimate from {@code chains}, cannot be trusted, or null if
     * it can: {@link #distrust(Estimate, long)}, then {@link #startDrift} of the chains.
     */
    public static String distrust(Estimate e, double[][] chains) {
        return distrust(e, chains[0].length, startDrift(chains));
    }

    /** {@link #distrust(Estimate, long)}, then the {@link #startDrift} of its chains, {@code drift}. */
    public static String distrust(Estimate e, long recordsPerChain, double drift) {
        String reason = distrust(e, recordsPerChain);
        if (reason == null && Math.abs(drift) > MAX_START_DRIFT) {
            reason = String.format(Locale.ROOT, "the first tenth of the records is %.3g standard errors off the last "
                    + "half", drift);
        }
        return reason;
    }

    /**
     * Student's t of a drift from the start of the records: each chain's mean over its first tenth
     * minus its mean over its last half, averaged over chains, in units of its standard error over
     * chains. The chains being independent, its expectation under stationarity is 0 and its error is
     * honest whatever τ_int; chains started away from equilibrium (from a model's samples, from a
     * vacuum) and recorded too soon give a large |t|, which split R-hat, set by the within-chain
     * variance, can miss. NaN with fewer than {@value #MIN_CHAINS_FOR_DRIFT} chains or records per
     * chain, or when no chain varies; infinite when the chains all differ alike and exactly.
     */
    public static double startDrift(double[][] chains) {
        int n = checkChains(chains);
        int length = chains[0].length;
        if (n < MIN_CHAINS_FOR_DRIFT || length < MIN_CHAINS_FOR_DRIFT) {
            return Double.NaN;
        }
        int head = length / 10;
        int tail = length / 2;
        double[] d = new double[n];
        for (int c = 0; c < n; c++) {
            double first = 0;
            double last = 0;
            for (int t = 0; t < head; t++) {
                first += chains[c][t];
            }
            for (int t = length - tail; t < length; t++) {
                last += chains[c][t];
            }
            d[c] = first / head - last / tail;
        }
        double mean = Arrays.stream(d).average().orElseThrow();
        double ss = Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum();
        if (ss == 0) {
            return mean == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, mean);
        }
        return mean / Math.sqrt(ss / (n - 1) / n);
    }

    /**
     * {@code e} with its error raised to one sample's standard deviation (τ_int and ESS consistent):
     * all the data can vouch for when τ_int itself is unknown.
     */
    public static Estimate untrusted(Estimate e) {
        double sd = Math.sqrt(e.variance());
        if (!(sd > e.stderr())) {
            return e;
        }
        double samples = e.ess() * e.tauInt();
        return new Estimate(e.mean(), sd, samples, 1, e.variance(), e.rHat());
    }

    /** Estimate of the mean of {@code chains[c][t]} over all chains and records (equal lengths). */
    public static Estimate estimate(double[][] chains) {
        int nChains = checkChains(chains);
        int length = chains[0].length;
        long n = (long) nChains * length;
        double[] chainMeans = new double[nChains];
        double sum = 0;
        for (int c = 0; c < nChains; c++) {
            double s = 0;
            for (double v : chains[c]) {
                s += v;
            }
            chainMeans[c] = s / length;
            sum += s;
        }
        double mean = sum / n;
        double rHat = nChains > 1 ? splitRHat(chains) : Double.NaN;
        if (n < 2) {
            return new Estimate(mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN, rHat);
        }
        double ss = 0;
        for (double[] chain : chains) {
            for (double v : chain) {
                double d = v - mean;
                ss += d * d;
            }
        }
        double variance = ss / (n - 1);
        if (variance == 0) {
            return new Estimate(mean, 0, 1, n, 0, rHat);
        }
        double tauWithin = length > 1 ? integratedTime(autocorrelation(chains, chainMeans)) : 1;
        tauWithin = Math.max(tauWithin, 1.0);
        double var = variance * tauWithin / n;
        if (nChains >= MIN_CHAINS_FOR_BETWEEN) {
            double ssb = 0;
            for (double m : chainMeans) {
                ssb += (m - mean) * (m - mean);
            }
            var = Math.max(var, ssb / (nChains - 1) / nChains);
        }
        double tau = var * n / variance;
        return new Estimate(mean, Math.sqrt(var), tau, n / tau, variance, rHat);
    }

    /** Estimate of one chain's mean. */
    public static Estimate estimate(double[] chain) {
        return estimate(new double[][] {chain});
    }

    /**
     * Self-normalized importance-sampling estimate of {@code <value>} from samples with ln weights
     * (any additive constant). The error is the delta-method one,
     * {@code sqrt(sum w^2 (x - mean)^2) / sum w}; {@code ess} is Kish's {@code (sum w)^2 / sum w^2}.
     * Weights of {@code -Infinity} count as zero.
     */
    public static Estimate weighted(double[] values, double[] logWeights) {
        if (values.length != logWeights.length || values.length == 0) {
            throw B4jException.badInput("weighted estimate needs equally many values and ln weights (got %d and %d)",
                    values.length, logWeights.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double lw = logWeights[i];
            if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                throw B4jException.failure("ln weight %d is %s", i, lw);
            }
            checkFinite(values[i], 0, i);
            max = Math.max(max, lw);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw B4jException.failure("every importance weight is zero");
        }
        double[] w = new double[values.length];
        double sumW = 0;
        double sumW2 = 0;
        double sumWX = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logWeights[i] - max);
            sumW += w[i];
            sumW2 += w[i] * w[i];
            sumWX += w[i] * values[i];
        }
        double mean = sumWX / sumW;
        double sumWD2 = 0;
        double sumW2D2 = 0;
        for (int i = 0; i < w.length; i++) {
            double d = values[i] - mean;
            sumWD2 += w[i] * d * d;
            sumW2D2 += w[i] * w[i] * d * d;
        }
        double ess = sumW * sumW / sumW2;
        double variance = sumWD2 / sumW;
        return new Estimate(mean, Math.sqrt(sumW2D2) / sumW, values.length / ess, ess, variance, Double.NaN);
    }

    /**
     * Flyvbjerg-Petersen blocking: the error of the mean estimated at successive blocking levels
     * (block sizes 1, 2, 4, ...), as long as at least two blocks remain. The values grow with the
     * level and level off at the true error once blocks are much longer than the correlation time.
     */
    public static double[] blocking(double[] series) {
        double[] x = series.clone();
        int n = x.length;
        double[] out = new double[Math.max(0, 63 - Long.numberOfLeadingZeros(Math.max(1, n)))];
        for (int level = 0; level < out.length; level++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i];
            }
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                ss += (x[i] - mean) * (x[i] - mean);
            }
            out[level] = Math.sqrt(ss / ((double) n * (n - 1)));
            n /= 2;
            for (int i = 0; i < n; i++) {
                x[i] = 0.5 * (x[2 * i] + x[2 * i + 1]);
            }
        }
        return out;
    }

    /**
     * Split R-hat: each chain is cut into halves (the middle record dropped for odd lengths) and
     * the Gelman-Rubin ratio {@code sqrt(var+/W)} is formed over the halves. NaN for fewer than four
     * records per chain.
     */
    public static double splitRHat(double[][] chains) {
        checkChains(chains);
        int half = chains[0].length / 2;
        if (half < 2) {
            return Double.NaN;
        }
        int m = 2 * chains.length;
        double[] means = new double[m];
        double within = 0;
        for (int c = 0; c < chains.length; c++) {
            for (int part = 0; part < 2; part++) {
                int from = part == 0 ? 0 : chains[c].length - half;
                double s = 0;
                for (int t = from; t < from + half; t++) {
                    s += chains[c][t];
                }
                double mu = s / half;
                double ss = 0;
                for (int t = from; t < from + half; t++) {
                    ss += (chains[c][t] - mu) * (chains[c][t] - mu);
                }
                means[2 * c + part] = mu;
                within += ss / (half - 1);
            }
        }
        within /= m;
        double grand = Arrays.stream(means).average().orElseThrow();
        double betweenOverN = 0;
        for (double mu : means) {
            betweenOverN += (mu - grand) * (mu - grand);
        }
        betweenOverN /= m - 1;
        if (within == 0) {
            return betweenOverN == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        double varPlus = (half - 1.0) / half * within + betweenOverN;
        return Math.sqrt(varPlus / within);
    }

    /**
     * Normalized autocorrelation rho(t), t = 0..T-1, of the chain-averaged autocovariance about each
     * chain's own mean (biased 1/T normalization, zero-padded FFT).
     */
    static double[] autocorrelation(double[][] chains, double[] chainMeans) {
        int length = chains[0].length;
        int size = Fft.paddedLength(2 * length);
        double[] power = new double[size];
        double[] re = new double[size];
        double[] im = new double[size];
        int[] varying = new int[chains.length]; // constant chains add nothing to the autocovariance
        int count = 0;
        for (int c = 0; c < chains.length; c++) {
            double[] chain = chains[c];
            for (int t = 1; t < length; t++) {
                if (chain[t] != chain[0]) {
                    varying[count++] = c;
                    break;
                }
            }
        }
        for (int j = 0; j < count; j += 2) { // two real chains per complex transform
            Arrays.fill(re, 0);
            Arrays.fill(im, 0);
            boolean pair = j + 1 < count;
            int c = varying[j];
            int d = pair ? varying[j + 1] : -1;
            for (int t = 0; t < length; t++) {
                re[t] = chains[c][t] - chainMeans[c];
                if (pair) {
                    im[t] = chains[d][t] - chainMeans[d];
                }
            }
            Fft.forward(re, im);
            for (int k = 0; k < size; k++) {
                int kk = (size - k) & (size - 1);
                double a = re[k] * re[k] + im[k] * im[k];
                double b = re[kk] * re[kk] + im[kk] * im[kk];
                // |A_k|^2 + |B_k|^2 = (|X_k|^2 + |X_-k|^2)/2; one real chain alone: |X_k|^2 = |X_-k|^2
                power[k] += pair ? 0.5 * (a + b) : a;
            }
        }
        Arrays.fill(im, 0);
        Fft.inverse(power, im);
        double[] rho = new double[length];
        double c0 = power[0];
        for (int t = 0; t < length; t++) {
            rho[t] = c0 > 0 ? power[t] / c0 : (t == 0 ? 1 : 0);
        }
        return rho;
    }

    /** tau = 1 + 2 sum_{t=1..W} rho(t) with Sokal's window, the smallest W >= 5 tau(W). */
    static double integratedTime(double[] rho) {
        double tau = 1;
        for (int w = 1; w < rho.length; w++) {
            tau += 2 * rho[w];
            if (w >= WINDOW_C * tau) {
                return tau;
            }
        }
        return tau;
    }

    private static int checkChains(double[][] chains) {
        if (chains == null || chains.length == 0 || chains[0] == null || chains[0].length == 0) {
            throw B4jException.badInput("statistics need at least one chain with at least one record");
        }
        int length = chains[0].length;
        for (int c = 0; c < chains.length; c++) {
            if (chains[c] == null || chains[c].length != length) {
                throw B4jException.badInput("chain %d has %d records, chain 0 has %d: chains must be equally long",
                        c, chains[c] == null ? 0 : chains[c].length, length);
            }
            for (int t = 0; t < length; t++) {
                checkFinite(chains[c][t], c, t);
            }
        }
        return chains.length;
    }

    private static void checkFinite(double v, int chain, int record) {
        if (!Double.isFinite(v)) {
            throw B4jException.failure("trace value is %s at chain %d, record %d", v, chain, record);
        }
    }
}
