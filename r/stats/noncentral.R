# Reference values for laktasi.stats.noncentral and the effect sizes that use it
# (welch_t, hedges_g, cohens_dz): 20 two-arm datasets, 8 of which made the old scipy
# brentq search abort ("crash*", found among random integer change scores) plus the issue's
# example 1..10 vs 7..20. Run from the repo root:
#   Rscript r/stats/noncentral.R > r/stats/noncentral.json
# Independent of scipy: the noncentral-t limits come from R's pt(q, df, ncp) and uniroot
# (Steiger & Fouladi 1997), with effectsize::hedges_g / cohens_d alongside (effectsize uses pt, so
# it is off where |ncp| > 37.62: case large_effect); MBESS is not
# packaged for Debian, so conf.limits.nct is written out here as uniroot on pt.
# Needs jsonlite, metafor, effectsize (Debian r-cran-*). R 4.2, metafor 3.8-1, effectsize 0.8.3.
suppressPackageStartupMessages({library(jsonlite); library(metafor); library(effectsize)})
# R's pt(ncp = ) is documented accurate only for |ncp| <= 37.62 ("full precision may not have
# been achieved" beyond); there the distribution function is the integral
# P(T <= t) = E[pnorm(t * sqrt(V / df) - ncp)], V ~ chi-squared(df), done with integrate().
pt_nc <- function(q, df, ncp) {
  if (abs(ncp) <= 37.62) return(pt(q, df, ncp))
  lo <- qchisq(1e-16, df); hi <- qchisq(1e-16, df, lower.tail = FALSE)
  integrate(function(v) pnorm(q * sqrt(v / df) - ncp) * dchisq(v, df), lo, hi,
            rel.tol = 1e-12, abs.tol = 1e-15, subdivisions = 1000L)$value
}
ncp_ci <- function(tobs, df, level = 0.95) {
  a <- (1 - level) / 2
  f <- function(target) uniroot(function(ncp) pt_nc(tobs, df, ncp) - target,
                                c(tobs - 10 - abs(tobs), tobs + 10 + abs(tobs)), tol = 1e-12, maxiter = 10000)$root
  c(f(1 - a), f(a))
}
sets <- list(
  issue_1to10_vs_7to20 = list(x = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), y = c(7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)),
  crash1 = list(x = c(20, 21, 1, 20, 23, 6, 4, 1, 19, 23, 15, 15, 19, 0), y = c(28, 30, 11, 32, 29, 15, 19, 28, 30, 10, 24, 18, 16, 28)),
  crash2 = list(x = c(9, 11, 14, 20, 24, 18, 16, 3, 13, 0, 7, 10, 17), y = c(22, 31, 18, 24, 19, 26, 25, 14, 16, 14)),
  crash3 = list(x = c(2, 14, 6, 14, 22, 13, 11, 10, 12, 14, 4), y = c(22, 16, 17, 16, 31, 20, 18, 16, 12, 22, 25, 16)),
  crash4 = list(x = c(20, 2, 8, 18, 3, 24, 15, 3, 5, 3, 8, 2, 5, 18), y = c(16, 22, 15, 17, 24, 19, 22, 30, 11, 12)),
  crash5 = list(x = c(18, 0, 22, 0, 22, 17, 0, 1, 15, 10, 24, 1, 0), y = c(21, 28, 20, 16, 17, 23, 17, 12, 14, 26, 25)),
  crash6 = list(x = c(11, 16, 8, 20, 3, 17, 15, 13, 24, 16, 11, 15), y = c(22, 30, 29, 22, 12, 33, 27, 23)),
  crash7 = list(x = c(3, 6, 10, 23, 10, 15, 0, 3, 1, 0, 14, 1), y = c(21, 14, 13, 27, 28, 28)),
  crash8 = list(x = c(3, 2, 12, 10, 1, 21, 6, 10, 3, 19, 1), y = c(14, 13, 30, 12, 20, 27, 16, 20, 21, 18, 25, 14, 13, 27)),
  ok1 = list(x = c(12, 21, 2, 22, 20, 13, 12, 7), y = c(13, 13, 26, 16, 31, 16, 20, 16, 25, 15, 31, 23, 7, 30)),
  ok2 = list(x = c(2, 17, 5, 0, 13, 13, 18, 22, 13, 6, 13, 1, 1, 2, 18), y = c(23, 9, 3, 2, 4, 24)),
  ok3 = list(x = c(11, 18, 20, 11, 16, 3, 23, 15, 17, 18), y = c(14, 26, 32, 21, 15, 31, 27, 31)),
  ok4 = list(x = c(19, 6, 23, 13, 13, 16, 7, 4, 17, 13, 17, 10, 11), y = c(2, 19, 12, 4, 11, 3, 26)),
  ok5 = list(x = c(6, 22, 5, 14, 16, 4, 4, 19, 12, 4, 20, 8), y = c(16, 25, 14, 19, 27, 20, 22, 16, 31, 9, 10, 18, 26, 29, 23)),
  ok6 = list(x = c(13, 18, 8, 8), y = c(14, 13, 29, 7, 25, 16, 17, 5, 17, 26, 27)),
  ok7 = list(x = c(23, 18, 24, 18, 3, 11, 10, 17, 11, 20, 2, 7, 20, 19), y = c(21, 14, 2, 15, 2, 13, 10, 11, 7, 20, 13, 11, 25)),
  ok8 = list(x = c(11, 19, 22, 14, 11, 21, 4), y = c(23, 13, 22, 6, 22, 15, 0, 8, 23, 23, 15, 10, 13, 14)),
  tiny_n2 = list(x = c(1.0, 2.0), y = c(2.5, 4.0, 3.0)),
  large_effect = list(x = c(1, 2, 3, 4, 5), y = c(30, 31, 33, 35, 32, 34)),
  decimals = list(x = c(12.5, 14.1, 13.8, 15.2, 11.9, 14.7), y = c(10.1, 11.4, 9.8, 12.3, 10.9))
)
cases <- list()
for (nm in names(sets)) {
  x <- sets[[nm]]$x; y <- sets[[nm]]$y; n1 <- length(x); n2 <- length(y)
  w <- t.test(x, y)
  e <- escalc("SMD", m1i = mean(x), sd1i = sd(x), n1i = n1, m2i = mean(y), sd2i = sd(y), n2i = n2)
  df <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / df)
  d <- (mean(x) - mean(y)) / sp
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  sc <- sqrt(1 / n1 + 1 / n2)
  g_ci <- J * ncp_ci(d / sc, df) * sc
  eg <- suppressMessages(effectsize::hedges_g(x, y, ci = 0.95))
  k <- min(n1, n2); dd <- y[1:k] - rev(x[1:k])  # paired by reversing x so the issue case is not constant
  dz <- mean(dd) / sd(dd)
  dz_ci <- ncp_ci(dz * sqrt(k), k - 1) / sqrt(k)
  ed <- suppressMessages(effectsize::cohens_d(dd, mu = 0, ci = 0.95))
  cases[[nm]] <- list(
    source = "t.test(x, y); metafor::escalc('SMD'); uniroot on pt(t, df, ncp); effectsize::hedges_g, cohens_d",
    x = x, y = y,
    welch_t = unname(w$statistic), welch_df = unname(w$parameter), welch_p = w$p.value,
    welch_ci = as.numeric(w$conf.int),
    g = as.numeric(e$yi), g_ci = g_ci, effectsize_g = eg$Hedges_g, effectsize_g_ci = c(eg$CI_low, eg$CI_high),
    dz_diff = dd, dz = dz, dz_ci = dz_ci, effectsize_dz_ci = c(ed$CI_low, ed$CI_high))
}
cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
