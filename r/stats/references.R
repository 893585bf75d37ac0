# Reference values for laktasi.stats, computed with R. Run from the repo root:
#   Rscript r/stats/references.R > r/stats/references.json
# Tests read r/stats/references.json (they never run R). Each case holds its input data and
# the R results; the function that produced each number is named in the "source" field.
# Needs R packages jsonlite, coin (Debian: apt-get install r-cran-coin), pwr and metafor.
# Produced with R 4, coin 1.4-2, pwr and metafor 3.8-1.
suppressPackageStartupMessages({
  library(jsonlite); library(coin); library(pwr); library(metafor)
})
cases <- list()
add <- function(name, ...) cases[[name]] <<- list(...)

# ---- paired t (stats::t.test, paired = TRUE; post - pre)
paired_sets <- list(
  small = list(pre = c(10, 12, 9, 11), post = c(12, 15, 10, 14)),
  seedlike = list(pre = c(20, 25, 18, 30, 22, 27, 19, 24), post = c(35, 33, 30, 41, 28, 39, 26, 40)),
  negative = list(pre = c(5.2, 6.1, 4.8, 7.3, 5.5, 6.6), post = c(4.9, 5.0, 5.1, 6.0, 4.2, 6.1))
)
for (nm in names(paired_sets)) {
  d <- paired_sets[[nm]]
  t <- t.test(d$post, d$pre, paired = TRUE)
  add(paste0("paired_t_", nm), source = "stats::t.test(post, pre, paired = TRUE)", pre = d$pre, post = d$post,
      statistic = unname(t$statistic), df = unname(t$parameter), p_value = t$p.value,
      estimate = unname(t$estimate), ci = as.numeric(t$conf.int))
}

# ---- d_z noncentral-t interval: written independently with uniroot on pt(ncp = )
ncp_ci <- function(tobs, df, level = 0.95) {
  a <- (1 - level) / 2
  lo <- uniroot(function(ncp) pt(tobs, df, ncp) - (1 - a), c(tobs - 50, tobs + 50), tol = 1e-12)$root
  hi <- uniroot(function(ncp) pt(tobs, df, ncp) - a, c(tobs - 50, tobs + 50), tol = 1e-12)$root
  c(lo, hi)
}
for (nm in names(paired_sets)) {
  d <- paired_sets[[nm]]; diff <- d$post - d$pre; n <- length(diff)
  dz <- mean(diff) / sd(diff)
  ci <- ncp_ci(dz * sqrt(n), n - 1) / sqrt(n)
  add(paste0("dz_", nm), source = "mean/sd with uniroot on pt(ncp) (Steiger & Fouladi 1997)",
      diff = diff, value = dz, ci = ci)
}

# ---- Hedges' g: metafor::escalc("SMD") value; CI by ncp inversion scaled by J
g_sets <- list(a = list(x = c(31, 28, 35, 40, 33, 29), y = c(25, 27, 22, 30, 24)),
               b = list(x = c(1.2, 2.5, 1.9, 3.1, 2.2, 2.8, 1.7), y = c(2.0, 2.9, 3.3, 2.4, 3.8, 3.0, 2.7, 3.6)))
for (nm in names(g_sets)) {
  s <- g_sets[[nm]]; n1 <- length(s$x); n2 <- length(s$y)
  e <- escalc("SMD", m1i = mean(s$x), sd1i = sd(s$x), n1i = n1, m2i = mean(s$y), sd2i = sd(s$y), n2i = n2)
  sp <- sqrt(((n1 - 1) * var(s$x) + (n2 - 1) * var(s$y)) / (n1 + n2 - 2))
  d <- (mean(s$x) - mean(s$y)) / sp; df <- n1 + n2 - 2
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  sc <- sqrt(1 / n1 + 1 / n2)
  ci <- J * ncp_ci(d / sc, df) * sc
  w <- t.test(s$x, s$y)
  add(paste0("hedges_", nm), source = "metafor::escalc('SMD'); CI uniroot on pt(ncp) times J; t.test Welch",
      x = s$x, y = s$y, g = as.numeric(e$yi), ci = ci, welch_t = unname(w$statistic), welch_df = unname(w$parameter),
      welch_p = w$p.value, welch_ci = as.numeric(w$conf.int))
}

# ---- Wilcoxon signed-rank. No ties: wilcox.test exact. Ties and zeros: coin::wilcoxsign_test exact.
sr_noties <- list(pre = c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
                  post = c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))  # Hollander & Wolfe 1973 p. 29
w <- wilcox.test(sr_noties$post, sr_noties$pre, paired = TRUE, exact = TRUE)
add("signed_rank_noties", source = "stats::wilcox.test(post, pre, paired = TRUE, exact = TRUE)",
    pre = sr_noties$pre, post = sr_noties$post, statistic = unname(w$statistic), p_value = w$p.value)
sr_ties <- list(
  ties_zeros = list(pre = c(3, 5, 2, 4, 6, 3, 5, 4, 2, 7, 3, 4), post = c(5, 5, 4, 7, 8, 3, 4, 6, 4, 9, 6, 4)),
  ordinal = list(pre = c(0, 0, 1, 0, 1, 2, 0, 1, 0, 0), post = c(2, 1, 2, 2, 1, 2, 1, 2, 0, 2)),
  seed_intervention = list(pre = c(0, 0, 0, 0, 0), post = c(2, 2, 2, 2, 2)),
  mixed = list(pre = c(10, 12, 15, 11, 14, 13, 12, 16, 10, 11, 15, 13, 12, 14, 11, 10, 13, 12, 15, 14),
               post = c(12, 12, 13, 14, 15, 15, 11, 19, 12, 11, 18, 12, 14, 14, 13, 13, 13, 15, 16, 16))
)
for (nm in names(sr_ties)) {
  d <- sr_ties[[nm]]
  ct <- wilcoxsign_test(d$post ~ d$pre, zero.method = "Wilcoxon", distribution = "exact")
  ca <- wilcoxsign_test(d$post ~ d$pre, zero.method = "Wilcoxon", distribution = "asymptotic")
  add(paste0("signed_rank_", nm), source = "coin::wilcoxsign_test(zero.method = 'Wilcoxon', distribution = 'exact'/'asymptotic')",
      pre = d$pre, post = d$post, p_value = pvalue(ct), p_asymptotic = pvalue(ca),
      n_zero = sum(d$post == d$pre))
}

# ---- Mann-Whitney. No ties: wilcox.test exact. Ties: coin::wilcox_test exact.
mw_noties <- list(x = c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46), y = c(1.15, 0.88, 0.90, 0.74, 1.21))
w <- wilcox.test(mw_noties$x, mw_noties$y, exact = TRUE)
add("rank_sum_noties", source = "stats::wilcox.test(x, y, exact = TRUE)", x = mw_noties$x, y = mw_noties$y,
    statistic = unname(w$statistic), p_value = w$p.value)
mw_ties <- list(
  ordinal = list(x = c(2, 2, 1, 2, 2, 1, 2, 0, 2, 1), y = c(0, 1, 0, 1, 0, 2, 0, 1, 1, 0, 0)),
  heavy = list(x = c(1, 1, 1, 1, 2), y = c(0, 0, 1, 1, 1, 0)),
  volume = list(x = c(30, 35, 35, 40, 28, 35, 42, 30, 33, 38, 35, 30), y = c(25, 30, 28, 25, 32, 30, 27, 35, 25, 29, 30)),
  seed_post = list(x = c(2, 2, 2, 2, 2), y = c(1, 1, 2, 1, 0))
)
for (nm in names(mw_ties)) {
  d <- mw_ties[[nm]]
  g <- factor(c(rep("x", length(d$x)), rep("y", length(d$y))))
  v <- c(d$x, d$y)
  ce <- wilcox_test(v ~ g, distribution = "exact")
  ca <- wilcox_test(v ~ g, distribution = "asymptotic")
  W <- sum(rank(v)[g == "x"]) - length(d$x) * (length(d$x) + 1) / 2
  add(paste0("rank_sum_", nm), source = "coin::wilcox_test(distribution = 'exact'/'asymptotic'); U from rank()",
      x = d$x, y = d$y, statistic = W, p_value = pvalue(ce), p_asymptotic = pvalue(ca))
}

# ---- Fisher exact 2x2 and r x c (stats::fisher.test); OR CI re-solved with tight tolerance
fisher_tables <- list(
  t22a = matrix(c(3, 1, 1, 3), 2, byrow = TRUE),
  t22b = matrix(c(10, 2, 3, 15), 2, byrow = TRUE),
  t22zero = matrix(c(5, 0, 2, 3), 2, byrow = TRUE),
  t23 = matrix(c(1, 2, 7, 4, 5, 1), 2, byrow = TRUE),
  t33 = matrix(c(3, 1, 0, 2, 4, 2, 0, 2, 5), 3, byrow = TRUE),
  t24 = matrix(c(2, 3, 5, 10, 6, 4, 3, 1), 2, byrow = TRUE)
)
for (nm in names(fisher_tables)) {
  m <- fisher_tables[[nm]]
  f <- fisher.test(m)
  res <- list(source = "stats::fisher.test", table = m, p_value = f$p.value)
  if (all(dim(m) == 2)) {
    res$estimate <- unname(f$estimate); res$ci_fisher_test <- as.numeric(f$conf.int)
    # fisher.test solves the CI with uniroot's default tolerance (~1e-4); solve again tightly
    x <- m[1, 1]; mm <- sum(m[1, ]); nn <- sum(m[2, ]); k <- sum(m[, 1])
    lo <- max(0, k - nn); hi <- min(k, mm); sup <- lo:hi
    logdc <- dhyper(sup, mm, nn, k, log = TRUE)
    dn <- function(ncp) { d <- logdc + log(ncp) * sup; d <- exp(d - max(d)); d / sum(d) }
    pn <- function(q, ncp, upper) { d <- dn(ncp); if (upper) sum(d[sup >= q]) else sum(d[sup <= q]) }
    cl <- if (x == lo) 0 else uniroot(function(l) pn(x, exp(l), TRUE) - 0.025, c(-30, 30), tol = 1e-13)$root
    cu <- if (x == hi) Inf else uniroot(function(l) pn(x, exp(l), FALSE) - 0.025, c(-30, 30), tol = 1e-13)$root
    res$ci <- c(if (x == lo) 0 else exp(cl), if (x == hi) Inf else exp(cu))
    mean_x <- function(l) sum(sup * dn(exp(l))) - x
    res$estimate_tight <- if (x == lo) 0 else if (x == hi) Inf else exp(uniroot(mean_x, c(-30, 30), tol = 1e-13)$root)
    res$chisq <- unname(chisq.test(m, correct = FALSE)$statistic)
    res$chisq_p <- suppressWarnings(chisq.test(m, correct = FALSE)$p.value)
    e <- escalc("RR", ai = m[1, 1], bi = m[1, 2], ci = m[2, 1], di = m[2, 2])
    res$log_rr <- as.numeric(e$yi); res$var_log_rr <- as.numeric(e$vi)
  }
  cases[[paste0("fisher_", nm)]] <- res
}

# ---- McNemar / sign test exact: binom.test on discordant pairs
for (bc in list(c(5, 0), c(7, 2), c(12, 4))) {
  b <- bc[1]; c <- bc[2]
  bt <- binom.test(b, b + c)
  add(sprintf("binom_%d_%d", b, c), source = "stats::binom.test(b, b + c)", b = b, c = c, p_value = bt$p.value,
      p_ci = as.numeric(bt$conf.int),
      mcnemar_chisq = unname(mcnemar.test(matrix(c(10, b, c, 10), 2), correct = FALSE)$statistic))
}

# ---- Shapiro-Wilk, Pearson chi-square r x c, ANCOVA (lm)
for (nm in c("a", "b")) {
  x <- if (nm == "a") c(2.1, 3.4, 1.9, 5.6, 4.4, 3.0) else c(148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236)
  s <- shapiro.test(x)
  add(paste0("shapiro_", nm), source = "stats::shapiro.test", x = x, statistic = unname(s$statistic), p_value = s$p.value)
}
ch <- matrix(c(12, 5, 9, 7, 15, 4), 2, byrow = TRUE)
cs <- chisq.test(ch, correct = FALSE)
add("chisq_23", source = "stats::chisq.test(correct = FALSE)", table = ch, statistic = unname(cs$statistic),
    df = unname(cs$parameter), p_value = cs$p.value)
an <- data.frame(
  post = c(30, 28, 35, 26, 31, 29, 33, 27, 41, 38, 45, 36, 40, 43, 39, 37),
  pre = c(20, 19, 24, 18, 22, 20, 23, 17, 21, 19, 25, 18, 22, 23, 20, 19),
  group = c(rep("kontrol", 8), rep("intervensi", 8)))
an$group <- relevel(factor(an$group), ref = "kontrol")
fit <- lm(post ~ group + pre, data = an)
co <- summary(fit)$coefficients["groupintervensi", ]
add("ancova", source = "stats::lm(post ~ group + pre)", post = an$post, pre = an$pre, group = as.character(an$group),
    estimate = unname(co["Estimate"]), t = unname(co["t value"]), p_value = unname(co["Pr(>|t|)"]),
    df = fit$df.residual, ci = as.numeric(confint(fit)["groupintervensi", ]))

# ---- power (pwr::pwr.t.test, pwr::pwr.2p.test with Cohen's h = ES.h)
pw <- list()
for (ty in c("paired", "two.sample")) for (d in c(0.3, 0.5, 0.8)) {
  r <- pwr.t.test(d = d, power = 0.8, sig.level = 0.05, type = ty)
  q <- pwr.t.test(d = d, n = 20, sig.level = 0.05, type = ty)
  pw[[length(pw) + 1]] <- list(type = ty, d = d, n_for_80 = r$n, power_at_20 = q$power)
}
cases$pwr_t <- list(source = "pwr::pwr.t.test(sig.level = 0.05)", rows = pw)
p2 <- list()
for (pp in list(c(0.6, 0.4), c(0.8, 0.5), c(0.3, 0.15))) {
  h <- ES.h(pp[1], pp[2])
  r <- pwr.2p.test(h = h, power = 0.8, sig.level = 0.05)
  q <- pwr.2p.test(h = h, n = 30, sig.level = 0.05)
  p2[[length(p2) + 1]] <- list(p1 = pp[1], p2 = pp[2], h = h, n_for_80 = r$n, power_at_30 = q$power)
}
cases$pwr_2p <- list(source = "pwr::pwr.2p.test(h = ES.h(p1, p2))", rows = p2)

# ---- ANCOVA (Borm et al. 2007): pwr two-sample n times (1 - rho^2)
an_rows <- list()
for (dr in list(c(0.5, 0.6), c(0.8, 0.5), c(0.3, 0.7))) {
  r <- pwr.t.test(d = dr[1], power = 0.8, sig.level = 0.05, type = "two.sample")
  an_rows[[length(an_rows) + 1]] <- list(d = dr[1], rho = dr[2], n_ttest = r$n, n_ancova = r$n * (1 - dr[2]^2))
}
cases$ancova_power <- list(source = "pwr::pwr.t.test(two.sample)$n * (1 - rho^2) (Borm et al. 2007)", rows = an_rows)

# ---- McNemar (Connor 1987) written from the paper's formula, and the exact power of the exact
# McNemar test at that n (sum over the number of discordant pairs and the binomial split).
connor_n <- function(pu, pd, alpha = 0.05, power = 0.8) {
  psi <- pu + pd; delta <- pu - pd
  (qnorm(1 - alpha / 2) * sqrt(psi) + qnorm(power) * sqrt(psi - delta^2))^2 / delta^2
}
connor_power <- function(pu, pd, n, alpha = 0.05) {
  psi <- pu + pd; delta <- abs(pu - pd)
  pnorm((delta * sqrt(n) - qnorm(1 - alpha / 2) * sqrt(psi)) / sqrt(psi - delta^2))
}
exact_power <- function(pu, pd, n, alpha = 0.05) {
  psi <- pu + pd; q <- pu / psi; total <- 0
  for (m in 1:n) {
    b <- 0:m
    rej <- sapply(b, function(bb) binom.test(bb, m)$p.value <= alpha)
    total <- total + dbinom(m, n, psi) * sum(dbinom(b, m, q)[rej])
  }
  total
}
mc_rows <- list()
for (pp in list(c(0.3, 0.1), c(0.25, 0.05), c(0.2, 0.1))) {
  n <- connor_n(pp[1], pp[2])
  mc_rows[[length(mc_rows) + 1]] <- list(p_up = pp[1], p_down = pp[2], n = n, power_at_40 = connor_power(pp[1], pp[2], 40),
                                         exact_power_at_ceiling_n = exact_power(pp[1], pp[2], ceiling(n)))
}
cases$mcnemar_power <- list(source = "Connor (1987) formula in R; exact power by binom.test enumeration", rows = mc_rows)

# ---- Rank-biserial with a Wilson score interval on (r + 1)/2 (formula written out, Wilson 1927)
wilson <- function(p, n, z = qnorm(0.975)) {
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(centre - half, centre + half)
}
rb <- list()
for (d in list(c(0, 0, 0, 0), c(2, -1, 3, 4), c(5, 3, -2, 4, 1, -1, 6, 2, 3))) {
  dd <- d[d != 0]; r <- rank(abs(dd)); n <- length(dd)
  tp <- sum(r[dd > 0]); tm <- sum(r[dd < 0])
  if (n == 0) next
  val <- (tp - tm) / (tp + tm); neff <- 3 * n * (n + 1) / (2 * (2 * n + 1))
  rb[[length(rb) + 1]] <- list(diff = d, value = val, ci = 2 * wilson((val + 1) / 2, neff) - 1)
}
cases$rank_biserial_paired <- list(source = "(T+ - T-)/(T+ + T-) (Kerby 2014); Wilson interval written out in R", rows = rb)
ri <- list()
for (s2 in list(list(x = c(3, 5, 2), y = c(1, 2)), list(x = c(2, 2, 1, 2, 2, 1, 2, 0, 2, 1), y = c(0, 1, 0, 1, 0, 2, 0, 1, 1, 0, 0)))) {
  m <- length(s2$x); n <- length(s2$y)
  U <- sum(outer(s2$x, s2$y, ">")) + 0.5 * sum(outer(s2$x, s2$y, "=="))
  th <- U / (m * n)
  ri[[length(ri) + 1]] <- list(x = s2$x, y = s2$y, value = 2 * th - 1, ci = 2 * wilson(th, 3 * m * n / (m + n + 1)) - 1)
}
cases$rank_biserial_independent <- list(source = "2U/(mn) - 1 with U from outer(); Wilson interval written out in R", rows = ri)

# ---- Stuart-Maxwell marginal homogeneity (coin::mh_test, asymptotic chi-square)
mh_pre <- c(0, 0, 1, 0, 1, 2, 0, 1, 0, 0, 2, 1)
mh_post <- c(2, 1, 2, 2, 1, 2, 1, 2, 0, 2, 1, 0)
lv <- factor(0:2)
tab <- table(factor(mh_pre, levels = 0:2), factor(mh_post, levels = 0:2))
mh <- mh_test(as.table(tab))
add("stuart_maxwell", source = "coin::mh_test(table(pre, post)) (asymptotic)", pre = mh_pre, post = mh_post,
    statistic = unname(statistic(mh)), p_asymptotic = pvalue(mh))

cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE, matrix = "rowmajor"))
cat("\n")
