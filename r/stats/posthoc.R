# Reference values for laktasi.stats.posthoc (Kruskal–Wallis, Dunn, Holm).
# Run from the repo root:  Rscript r/stats/posthoc.R > r/stats/posthoc.json
# kruskal.test; Dunn (1964) z written out (overall midranks, tie-corrected variance) as dunn.test /
# FSA::dunnTest compute it (neither is packaged for Debian); p.adjust(method = "holm").
suppressPackageStartupMessages(library(jsonlite))
sets <- list(
  three_arms_ml = list(y = c(12.1, 14.3, 11.8, 15.2, 13.3, 18.4, 22.1, 15.5, 25.3, 19.9, 16.2, 16.8, 17.1, 16.5, 16.9),
                       g = rep(c("kontrol", "pijat", "pijat_plus"), each = 5)),
  ordinal_ties = list(y = c(0, 1, 1, 1, 0, 2, 2, 1, 2, 2, 1, 2, 1, 1, 0, 2),
                      g = c(rep("A", 5), rep("B", 5), rep("C", 6))),
  four_groups = list(y = c(3, 5, 4, 6, 8, 9, 7, 10, 12, 11, 13, 2, 14, 15, 16, 1, 17, 18),
                     g = c(rep("w", 4), rep("x", 5), rep("y", 4), rep("z", 5)))
)
dunn <- function(y, g) {
  g <- factor(g); lv <- levels(g); N <- length(y); r <- rank(y); t <- table(y)
  v <- N * (N + 1) / 12 - sum(t^3 - t) / (12 * (N - 1))
  out <- list()
  for (i in 1:(length(lv) - 1)) for (j in (i + 1):length(lv)) {
    a <- lv[i]; b <- lv[j]
    d <- mean(r[g == a]) - mean(r[g == b])
    z <- d / sqrt(v * (1 / sum(g == a) + 1 / sum(g == b)))
    out[[length(out) + 1]] <- list(first = a, second = b, z = z, p = 2 * pnorm(-abs(z)), diff = d)
  }
  p <- sapply(out, function(x) x$p); ph <- p.adjust(p, method = "holm")
  for (k in seq_along(out)) out[[k]]$p_holm <- ph[k]
  out
}
cases <- list()
for (nm in names(sets)) {
  d <- sets[[nm]]; k <- kruskal.test(d$y, factor(d$g))
  cases[[nm]] <- list(source = "kruskal.test; Dunn z by formula; p.adjust(method = 'holm')", y = d$y, g = d$g,
                      kw_h = unname(k$statistic), kw_df = unname(k$parameter), kw_p = k$p.value, dunn = dunn(d$y, d$g))
}
cases$holm <- list(p = c(0.01, 0.04, 0.03, 0.2, 0.005), adjusted = p.adjust(c(0.01, 0.04, 0.03, 0.2, 0.005), "holm"))
cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
