# Reference values for tests/audit (laktasi): p-values recomputed in R 4 (+ coin) for the audit's variants.
# Run from the repository root:  Rscript r/audit/reference.R > r/audit/reference.csv
# Output: CSV with case,quantity,value (full precision). The tests read this committed file; they never run R.
suppressPackageStartupMessages(library(coin))
out <- data.frame(case = character(), quantity = character(), value = numeric())
put <- function(case, quantity, value) out[nrow(out) + 1, ] <<- list(case, quantity, as.numeric(value))

# --- statcheck's documented examples (Nuijten et al. 2016; statcheck test suite) -------------------
put("t28_2.20", "p_two_sided", 2 * pt(-2.20, 28))
put("t28_2.20", "p_low", 2 * pt(-2.205, 28))
put("t28_2.20", "p_high", 2 * pt(-2.195, 28))
put("t28_2.0", "p_low", 2 * pt(-2.05, 28))
put("z_-2.42", "p_two_sided", 2 * pnorm(-2.42))
put("F2_28_2.20", "p", pf(2.20, 2, 28, lower.tail = FALSE))
rx <- as.numeric(scale(1:30)); re <- residuals(lm(((1:30) %% 7) ~ rx)); re <- as.numeric(scale(re))
ry <- 0.22 * rx + sqrt(1 - 0.22^2) * re   # data with r exactly .22, n = 30 (df 28)
put("r28_.22", "r_check", cor(rx, ry))
put("r28_.22", "p_two_sided", cor.test(rx, ry)$p.value)
put("chi2_28_22.20", "p", pchisq(22.20, 28, lower.tail = FALSE))
put("z_-2.673", "p_two_sided", 2 * pnorm(-2.673))

# --- seed 000: intervention arm, 5 x (kurang lancar -> lancar) -------------------------------------
pre <- rep(1, 5); post <- rep(3, 5)
d <- post - pre
put("seed000", "sign_exact", binom.test(5, 5)$p.value)
put("seed000", "wilcoxon_asymptotic_corrected", wilcox.test(d, exact = FALSE, correct = TRUE)$p.value)
put("seed000", "wilcoxon_asymptotic_uncorrected", wilcox.test(d, exact = FALSE, correct = FALSE)$p.value)
put("seed000", "wilcoxon_exact", pvalue(wilcoxsign_test(post ~ pre, distribution = "exact",
                                                        zero.method = "Wilcoxon")))
lv <- c("kurang", "cukup", "lancar")
put("seed000", "stuart_maxwell", pvalue(mh_test(table(factor(pre, levels = 1:3, labels = lv),
                                                      factor(post, levels = 1:3, labels = lv)))))
m2 <- matrix(c(0, 0, 5, 0), 2)   # collapsed: lancar vs not; rows pre, columns post
put("seed000", "mcnemar_corrected", mcnemar.test(m2, correct = TRUE)$p.value)
put("seed000", "mcnemar_uncorrected", mcnemar.test(m2, correct = FALSE)$p.value)

# --- seed 003, Triansyah et al. 2021: paired yes/no (yes = enough milk), 12 yes->yes, 7 no->yes, 11 no->no
tri <- matrix(c(11, 0, 7, 12), 2, dimnames = list(pre = c("no", "yes"), post = c("no", "yes")))
put("triansyah", "mcnemar_exact", binom.test(7, 7)$p.value)
put("triansyah", "mcnemar_uncorrected", mcnemar.test(tri, correct = FALSE)$p.value)
put("triansyah", "mcnemar_corrected", mcnemar.test(tri, correct = TRUE)$p.value)
tpre <- c(rep(1, 12), rep(0, 18)); tpost <- c(rep(1, 12), rep(1, 7), rep(0, 11))
put("triansyah", "paired_t_codes", t.test(tpost, tpre, paired = TRUE)$p.value)
put("triansyah", "chi2_independence", chisq.test(tri, correct = FALSE)$p.value)
put("triansyah", "chi2_independence_yates", chisq.test(tri, correct = TRUE)$p.value)
put("triansyah", "fisher_independence", fisher.test(tri)$p.value)

# --- a non-degenerate 3 x 3 paired table (rows pre, columns post), n = 44 ----------------------------
tab <- matrix(c(6, 2, 1, 8, 7, 3, 3, 9, 5), 3)   # column-major: tab[i, j] = pre i -> post j
idx <- which(tab > 0, arr.ind = TRUE)
p3 <- rep(idx[, 1], tab[idx]); q3 <- rep(idx[, 2], tab[idx])
f3pre <- factor(p3, levels = 1:3); f3post <- factor(q3, levels = 1:3)
put("table3", "stuart_maxwell", pvalue(mh_test(table(f3pre, f3post))))
put("table3", "stuart_maxwell_stat", statistic(mh_test(table(f3pre, f3post))))
put("table3", "bowker", mcnemar.test(tab)$p.value)
d3 <- q3 - p3
put("table3", "wilcoxon_asymptotic_corrected", wilcox.test(d3[d3 != 0], exact = FALSE, correct = TRUE)$p.value)
put("table3", "wilcoxon_asymptotic_uncorrected", wilcox.test(d3[d3 != 0], exact = FALSE, correct = FALSE)$p.value)
put("table3", "wilcoxon_exact", pvalue(wilcoxsign_test(q3 ~ p3, distribution = "exact", zero.method = "Wilcoxon")))
put("table3", "sign_exact", binom.test(sum(d3 > 0), sum(d3 != 0))$p.value)
put("table3", "paired_t_codes", t.test(q3, p3, paired = TRUE)$p.value)
put("table3", "chi2_independence", suppressWarnings(chisq.test(tab, correct = FALSE)$p.value))
# Bhapkar (1966) from its definition: W = n dbar' V^-1 dbar, V the covariance (divisor n) of the
# per-person differences of level indicators (first k - 1 levels), pre minus post
D <- (outer(p3, 1:2, "==") - outer(q3, 1:2, "==")) * 1
dbar <- colMeans(D); V <- cov(D) * (44 - 1) / 44
W <- 44 * as.numeric(t(dbar) %*% solve(V) %*% dbar)
put("table3", "bhapkar_stat", W)
put("table3", "bhapkar", pchisq(W, 2, lower.tail = FALSE))

# --- seed 003, Agustia & Camelia 2025: 21/22 vs 5/22 (rapid onset) -----------------------------------
ag <- matrix(c(21, 5, 1, 17), 2)
put("agustia", "fisher_exact", fisher.test(ag)$p.value)
put("agustia", "fisher_exact_one_sided", fisher.test(ag, alternative = "greater")$p.value)
put("agustia", "chi2", chisq.test(ag, correct = FALSE)$p.value)
put("agustia", "chi2_yates", chisq.test(ag, correct = TRUE)$p.value)
E <- outer(rowSums(ag), colSums(ag)) / sum(ag)
put("agustia", "g_test", pchisq(2 * sum(ag * log(ag / E)), 1, lower.tail = FALSE))
x2 <- chisq.test(ag, correct = FALSE)$statistic
put("agustia", "linear_by_linear", pchisq(x2 * (44 - 1) / 44, 1, lower.tail = FALSE))
pr <- matrix(c(12, 5, 8, 15), 2)   # 12/20 vs 5/20
put("prop12_5", "fisher_exact", fisher.test(pr)$p.value)
put("prop12_5", "chi2", chisq.test(pr, correct = FALSE)$p.value)
put("prop12_5", "chi2_yates", chisq.test(pr, correct = TRUE)$p.value)

# --- two means from summary statistics: data rescaled to the exact means and SDs -------------------
make <- function(n, m, s) { z <- seq_len(n); m + s * as.numeric(scale(z)) }
x1 <- make(10, 3.74, 1.20); x2m <- make(12, 2.04, 0.60)
put("means", "welch_t", t.test(x1, x2m)$p.value)
put("means", "student_t", t.test(x1, x2m, var.equal = TRUE)$p.value)
write.csv(out, stdout(), row.names = FALSE)
