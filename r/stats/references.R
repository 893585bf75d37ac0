# Reference values for laktasi.stats, computed with R. Run from the repo root:
#   Rscript r/stats/references.R > r/stats/references.json
# Tests read r/stats/references.json (they never run R). Each case holds its input data and
# the R results; the function that produced each number is named in the "source" field.
# Needs R packages jsonlite, coin (Debian: apt-get install r-cran-coin), pwr, metafor and effectsize
# (apt-get install r-cran-effectsize). Produced with R 4, coin 1.4-2, pwr, metafor 3.8-1, effectsize 0.8.3.
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
  add(sprintf("binom_%d_%d", b, c), source = "stats::binom.test(b, b + c); prop.test(correct = FALSE) Wilson CI", b = b, c = c, p_value = bt$p.value,
      p_ci = as.numeric(bt$conf.int),
      wilson_ci = as.numeric(suppressWarnings(prop.test(b, b + c, correct = FALSE))$conf.int),  # Wilson (1927) score
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

# ---- Rank-biserial: effectsize::rank_biserial (Kerby 2014; CI by Fisher's z with the SE of
# King & Minium 2008: paired sqrt((2n^3 + 3n^2 + n)/6)/((n^2 + n)/2) over the n non-zero differences,
# independent sqrt((m + n + 1)/(3mn))). Paired cases are given as the differences, rank_biserial(d):
# effectsize 0.8.3's two-vector paired form rank_biserial(post, pre, paired = TRUE) counts the non-zero
# *post values* instead of the non-zero differences in the SE (recorded as ci_two_vector_form; it differs
# when a difference is zero). effectsize's one-sample form also returns r = +1 when every difference is
# the same negative number (its ranks for a constant vector carry no sign): such cases are left out.
suppressPackageStartupMessages(library(effectsize))
rbp_sets <- list(noties = sr_noties, ties_zeros = sr_ties$ties_zeros, ordinal = sr_ties$ordinal,
                 mixed = sr_ties$mixed, negative = paired_sets$negative, small = paired_sets$small)
rb <- list()
for (nm in names(rbp_sets)) {
  s <- rbp_sets[[nm]]; d <- s$post - s$pre
  e <- rank_biserial(d, verbose = FALSE)
  e2 <- rank_biserial(s$post, s$pre, paired = TRUE, verbose = FALSE)
  rb[[nm]] <- list(pre = s$pre, post = s$post, value = e$r_rank_biserial, ci = c(e$CI_low, e$CI_high),
                   ci_two_vector_form = c(e2$CI_low, e2$CI_high))
}
cases$rank_biserial_paired <- list(source = "effectsize::rank_biserial(post - pre) (effectsize 0.8.3)", sets = rb)
rbi_sets <- list(noties = mw_noties, ordinal = mw_ties$ordinal, heavy = mw_ties$heavy, volume = mw_ties$volume,
                 seed_post = mw_ties$seed_post, hedges_a = g_sets$a, hedges_b = g_sets$b)
ri <- list()
for (nm in names(rbi_sets)) {
  s <- rbi_sets[[nm]]
  e <- rank_biserial(s$x, s$y, verbose = FALSE)
  ri[[nm]] <- list(x = s$x, y = s$y, value = e$r_rank_biserial, ci = c(e$CI_low, e$CI_high))
}
cases$rank_biserial_independent <- list(source = "effectsize::rank_biserial(x, y) (effectsize 0.8.3)", sets = ri)

# ---- Newcombe (2006) Part 2, method 5: score interval for theta = P(X > Y) + P(X = Y)/2, written out
# from the paper: (theta - est)^2 = z^2 V(theta), V(theta) = theta (1 - theta) [1 + N* (1 - theta)/(2 - theta)
# + N* theta/(1 + theta)]/(mn), N* = (m + n)/2 - 1; multiplied by (2 - theta)(1 + theta) it is a quartic,
# solved here with polyroot. r = 2 theta - 1.
newcombe5 <- function(est, m, n, z = qnorm(0.975)) {
  ns <- (m + n) / 2 - 1
  pm <- function(a, b) { out <- rep(0, length(a) + length(b) - 1)   # polynomial product, increasing powers
    for (i in seq_along(a)) for (j in seq_along(b)) out[i + j - 1] <- out[i + j - 1] + a[i] * b[j]; out }
  pa <- function(a, b) { k <- max(length(a), length(b)); c(a, rep(0, k - length(a))) + c(b, rep(0, k - length(b))) }
  q <- pm(c(2, 1, -1), 1)                                   # (2 - t)(1 + t)
  lhs <- pm(pm(c(-est, 1), c(-est, 1)), q) * m * n          # (t - est)^2 (2 - t)(1 + t) mn
  br <- pa(pa(q, ns * pm(c(1, -1), c(1, 1))), ns * pm(c(0, 1), c(2, -1)))
  rhs <- z^2 * pm(pm(c(0, 1), c(1, -1)), br)                # z^2 t (1 - t) [...]
  roots <- polyroot(pa(lhs, -rhs))
  re <- Re(roots[abs(Im(roots)) < 1e-9])
  re <- re[re >= -1e-12 & re <= 1 + 1e-12]
  # the limits are the roots nearest to est on either side; at est = 0 or 1 that side's limit is est
  lo <- re[re < est - 1e-9]; hi <- re[re > est + 1e-9]
  c(if (est < 1e-12) 0 else max(lo), if (est > 1 - 1e-12) 1 else min(hi))
}
nc <- list()
for (s in list(list(x = c(6, 7, 8, 9, 10), y = 1:5), list(x = c(2, 2, 2, 2, 2), y = c(1, 1, 0, 1, 0)),
               list(x = c(3, 4, 5), y = c(1, 1, 2, 0, 2, 1, 0)), list(x = c(0, 1, 1, 0), y = c(2, 3, 2, 4, 5, 3)),
               list(x = mw_ties$volume$x, y = mw_ties$volume$y))) {
  m <- length(s$x); n <- length(s$y)
  th <- (sum(outer(s$x, s$y, ">")) + 0.5 * sum(outer(s$x, s$y, "=="))) / (m * n)
  nc[[length(nc) + 1]] <- list(x = s$x, y = s$y, theta = th, theta_ci = newcombe5(th, m, n),
                               r = 2 * th - 1, r_ci = 2 * newcombe5(th, m, n) - 1)
}
cases$newcombe_method5 <- list(source = "Newcombe (2006) Stat Med 25:559-573, method 5, quartic solved by polyroot",
                               rows = nc)

# ---- Hodges-Lehmann: stats::wilcox.test(conf.int = TRUE) with its defaults (exact for n < 50 without
# ties/zeros, else normal approximation with correct = TRUE). The asymptotic limits are roots that
# uniroot finds to tol.root (1e-4 by default); they are recomputed with tol.root = 1e-10 ("ci"), the
# default-tolerance output kept as "ci_default". "walsh_median" / "diff_median" are the Hodges-Lehmann
# estimates computed directly (median of the Walsh averages of the non-zero differences / of x_i - y_j).
hl_run <- function(...) {
  msgs <- character(0)
  res <- withCallingHandlers(wilcox.test(..., conf.int = TRUE, tol.root = 1e-10),
                             warning = function(w) { msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
  dflt <- suppressWarnings(wilcox.test(..., conf.int = TRUE))
  list(res = res, warnings = msgs, dflt = dflt)
}
set.seed(2026)
hl_paired <- list(
  noties = sr_noties, negative = paired_sets$negative, seedlike = paired_sets$seedlike,
  ties_zeros = sr_ties$ties_zeros, mixed = sr_ties$mixed, seed_intervention = sr_ties$seed_intervention,
  four = list(pre = c(0, 0, 0, 0), post = c(1.5, 2.25, -0.5, 3.75)),
  few_ties = list(pre = c(0, 0, 0), post = c(1, 1, 2)),
  few_ties4 = list(pre = c(0, 0, 0, 0), post = c(1, 1, 2, 3)),
  large = list(pre = round(rnorm(60, 30, 5), 2), post = round(rnorm(60, 33, 5), 2))
)
hp <- list()
for (nm in names(hl_paired)) {
  s <- hl_paired[[nm]]; d <- s$post - s$pre; dn <- d[d != 0]
  h <- hl_run(s$post, s$pre, paired = TRUE)
  w <- outer(dn, dn, "+"); w <- w[!lower.tri(w)] / 2
  hp[[nm]] <- list(pre = s$pre, post = s$post, estimate = unname(h$res$estimate), ci = as.numeric(h$res$conf.int),
                   conf_level = attr(h$res$conf.int, "conf.level"), ci_default = as.numeric(h$dflt$conf.int),
                   estimate_default = unname(h$dflt$estimate), method = h$res$method, warnings = h$warnings,
                   walsh_median = if (length(dn)) median(w) else NA)
}
cases$hodges_lehmann_paired <- list(source = "stats::wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)", sets = hp)
hl_two <- list(
  noties = mw_noties, hedges_a = g_sets$a, hedges_b = g_sets$b, ordinal = mw_ties$ordinal, heavy = mw_ties$heavy,
  volume = mw_ties$volume, seed_post = mw_ties$seed_post, tiny = list(x = c(3.5, 1.25), y = c(0.5, 2.75)),
  large = list(x = round(rnorm(55, 32, 6), 2), y = round(rnorm(60, 29, 6), 2))
)
ht <- list()
for (nm in names(hl_two)) {
  s <- hl_two[[nm]]
  h <- hl_run(s$x, s$y)
  ht[[nm]] <- list(x = s$x, y = s$y, estimate = unname(h$res$estimate), ci = as.numeric(h$res$conf.int),
                   conf_level = attr(h$res$conf.int, "conf.level"), ci_default = as.numeric(h$dflt$conf.int),
                   estimate_default = unname(h$dflt$estimate), method = h$res$method, warnings = h$warnings,
                   diff_median = median(outer(s$x, s$y, "-")))
}
cases$hodges_lehmann_two_sample <- list(source = "stats::wilcox.test(x, y, conf.int = TRUE)", sets = ht)

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
