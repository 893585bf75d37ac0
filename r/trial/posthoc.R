# Reference values for src/laktasi/trial/posthoc.py (pairwise comparisons with three arms, Holm-adjusted).
# Run from the repository root:  Rscript r/trial/posthoc.R > r/trial/posthoc.out
suppressMessages({library(emmeans); library(coin)})
options(digits = 12)
out <- function(name, value) cat(sprintf("%s = %.12g\n", name, value))
d <- read.csv("tests/fixtures/trial/three_arms.csv", stringsAsFactors = FALSE)
d$arm <- factor(d$arm, levels = c("kontrol", "pijat", "breastcare"))
fit <- lm(volume_post ~ arm + volume_pre, data = d)
pr <- as.data.frame(pairs(emmeans(fit, "arm"), adjust = "holm", reverse = TRUE))
for (i in seq_len(nrow(pr))) {
  key <- gsub(" ", "", pr$contrast[i])
  out(paste("ancova", key, "estimate"), pr$estimate[i]); out(paste("ancova", key, "t"), pr$t.ratio[i])
  out(paste("ancova", key, "p_holm"), pr$p.value[i])
}
out("ancova df", pr$df[1])
lv <- c("kurang lancar", "cukup lancar", "lancar")
k <- as.integer(factor(d$kelancaran_post, levels = lv))
arms <- levels(d$arm); ps <- c(); keys <- c()
for (i in 1:2) for (j in (i + 1):3) {
  sub <- d$arm %in% arms[c(i, j)]
  g <- factor(d$arm[sub], levels = arms[c(i, j)])
  p <- pvalue(wilcox_test(k[sub] ~ g, distribution = "exact"))
  ps <- c(ps, p); keys <- c(keys, paste0(arms[i], "-", arms[j]))
}
adj <- p.adjust(ps, method = "holm")
for (i in seq_along(ps)) { out(paste("mw", keys[i], "p"), ps[i]); out(paste("mw", keys[i], "p_holm"), adj[i]) }
# Dunn after Kruskal–Wallis on the level codes, Holm-adjusted (Dunn 1964's z with the tie correction, by formula)
r <- rank(k); N <- length(k); tt <- table(k)
v <- N * (N + 1) / 12 - sum(tt^3 - tt) / (12 * (N - 1))
ps <- c(); keys <- c(); zs <- c()
for (i in 1:2) for (j in (i + 1):3) {
  a <- d$arm == arms[i]; b <- d$arm == arms[j]
  z <- (mean(r[a]) - mean(r[b])) / sqrt(v * (1 / sum(a) + 1 / sum(b)))
  zs <- c(zs, z); ps <- c(ps, 2 * pnorm(-abs(z))); keys <- c(keys, paste0(arms[i], "-", arms[j]))
}
adj <- p.adjust(ps, method = "holm")
out("kruskal H", kruskal.test(k ~ d$arm)$statistic)
for (i in seq_along(ps)) {
  out(paste("dunn", keys[i], "z"), zs[i]); out(paste("dunn", keys[i], "p"), ps[i]); out(paste("dunn", keys[i], "p_holm"), adj[i])
}
