# Reference values for src/laktasi/stats/spss.py (what SPSS prints beside an exact test).
# Run from the repository root:  Rscript r/trial/spss_bridge.R > r/trial/spss_bridge.out
# SPSS's Wilcoxon signed-rank Z and Mann-Whitney Z are the normal approximation with the tie correction and no
# continuity correction, zero differences dropped: coin's asymptotic tests with zero.method = "Wilcoxon" compute
# exactly that Z; wilcox.test(exact = FALSE, correct = FALSE) gives the same two-sided p.
suppressMessages(library(coin))
options(digits = 12)
out <- function(name, value) cat(sprintf("%s = %.12g\n", name, value))
cases <- list(
  seed = list(pre = c(1, 1, 1, 1, 1), post = c(3, 3, 3, 3, 3)),
  ties_zeros = list(pre = c(10, 12, 11, 9, 14, 13, 10, 12, 15, 11, 9, 10),
                    post = c(14, 12, 15, 9, 20, 13, 16, 11, 22, 18, 8, 10)),
  continuous = list(pre = c(6.2, 9.8, 7.1, 12.4, 8.8, 10.1, 5.5, 11.9, 9.3, 7.7),
                    post = c(21.7, 31.5, 18.2, 25.0, 19.9, 28.3, 16.6, 30.1, 22.4, 20.0))
)
for (name in names(cases)) {
  x <- cases[[name]]
  d <- x$post - x$pre
  keep <- d != 0
  z <- statistic(wilcoxsign_test(x$post[keep] ~ x$pre[keep], distribution = "asymptotic", zero.method = "Wilcoxon"))
  w <- suppressWarnings(wilcox.test(x$post, x$pre, paired = TRUE, exact = FALSE, correct = FALSE))
  out(paste(name, "wilcoxon abs_z"), abs(z)); out(paste(name, "wilcoxon asymp_p"), w$p.value)
  n <- sum(keep); up <- sum(d > 0)
  out(paste(name, "sign exact_p"), binom.test(up, n)$p.value)
}
groups <- list(
  seed_post = list(x = c(3, 3, 3, 3, 3), y = c(2, 2, 2, 2, 1)),
  ties = list(x = c(2, 3, 3, 1, 2, 3, 3, 2), y = c(1, 2, 1, 1, 2, 3, 1)),
  continuous = list(x = c(15.5, 21.7, 9.8, 13.0, 18.4, 22.1), y = c(7.2, 8.8, 12.5, 6.1, 9.9, 11.0, 10.4))
)
for (name in names(groups)) {
  g <- groups[[name]]
  v <- c(g$x, g$y); f <- factor(rep(c("x", "y"), c(length(g$x), length(g$y))))
  z <- statistic(wilcox_test(v ~ f, distribution = "asymptotic"))
  w <- suppressWarnings(wilcox.test(g$x, g$y, exact = FALSE, correct = FALSE))
  out(paste(name, "mann_whitney abs_z"), abs(z)); out(paste(name, "mann_whitney asymp_p"), w$p.value)
  u <- min(w$statistic, length(g$x) * length(g$y) - w$statistic)
  out(paste(name, "mann_whitney u"), u)
  # SPSS "Exact Sig. [2*(1-tailed Sig.)]": the exact distribution of U without ties
  out(paste(name, "mann_whitney exact_untied_p"), min(1, 2 * pwilcox(u, length(g$x), length(g$y))))
}
