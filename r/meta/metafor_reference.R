# Reference values for laktasi.meta, computed with R + metafor on metafor/metadat's documented datasets.
#
# Run (from the repository root):  Rscript r/meta/metafor_reference.R
# Writes r/meta/metafor_reference.json (full precision, 15 significant digits) and a copy of the
# input data as CSV so the Python tests read exactly the numbers R used.
#
# Convergence thresholds are tightened (threshold 1e-12 for Fisher scoring, tol 1e-12 for uniroot)
# so that the comparison is between solutions, not between stopping rules: metafor's defaults
# (1e-5 and eps^0.25) stop up to ~1e-5 away from the optimum.
suppressPackageStartupMessages({ library(metafor); library(metadat); library(jsonlite) })
outdir <- "r/meta"
ctrl <- list(threshold = 1e-12, tol = 1e-12, maxiter = 1000)
cictrl <- list(tol = 1e-12, tau2.max = 1e6)  # no truncation of the Q-profile search at 100 (see models.q_profile_tau2_ci)

fit_summary <- function(res, ci = TRUE) {
  pr <- predict(res)
  out <- list(
    method = res$method, test = res$test, k = res$k,
    estimate = c(res$beta)[1], se = res$se[1], zval = res$zval[1], pval = res$pval[1],
    ci_lb = res$ci.lb[1], ci_ub = res$ci.ub[1],
    tau2 = res$tau2, se_tau2 = res$se.tau2, I2 = res$I2, H2 = res$H2,
    QE = res$QE, QEp = res$QEp, pi_lb = pr$pi.lb, pi_ub = pr$pi.ub,
    weights = unname(weights(res))
  )
  if (ci && !(res$method %in% c("FE", "EE", "CE"))) {
    cf <- confint(res, control = cictrl)$random
    out$tau2_ci <- unname(cf["tau^2", 2:3])
    out$I2_ci <- unname(cf["I^2(%)", 2:3])
    out$H2_ci <- unname(cf["H^2", 2:3])
  }
  out
}

all_fits <- function(yi, vi) {
  res <- list()
  for (m in c("FE", "DL", "REML", "PM", "ML")) {
    for (t in c("z", "knha")) {
      if (m == "FE" && t == "knha") next
      fit <- suppressWarnings(rma(yi, vi, method = m, test = t, control = ctrl))
      res[[paste(m, t, sep = "_")]] <- fit_summary(fit)
    }
  }
  res
}

mh_summary <- function(ai, bi, ci, di, measure) {
  r <- rma.mh(ai = ai, bi = bi, ci = ci, di = di, measure = measure)
  list(estimate = c(r$beta), se = r$se, zval = r$zval, pval = r$pval, ci_lb = r$ci.lb, ci_ub = r$ci.ub,
       QE = r$QE, QEp = r$QEp, I2 = r$I2, k = r$k, k_yi = r$k.yi, weights = unname(weights(r)))
}

bias_summary <- function(yi, vi) {
  out <- list()
  for (m in c("FE", "REML", "DL")) {
    fit <- rma(yi, vi, method = m, control = ctrl)
    rt <- regtest(fit)
    rl <- regtest(fit, model = "lm")
    tf <- trimfill(fit, control = ctrl)
    out[[m]] <- list(
      regtest_rma = list(zval = rt$zval, pval = rt$pval, est = unname(rt$est), ci_lb = rt$ci.lb, ci_ub = rt$ci.ub),
      regtest_lm = list(zval = rl$zval, pval = rl$pval, df = rl$dfs, est = unname(rl$est)),
      trimfill = list(k0 = tf$k0, side = tf$side, se_k0 = tf$se.k0, estimate = c(tf$beta), se = tf$se,
                      ci_lb = tf$ci.lb, ci_ub = tf$ci.ub, tau2 = tf$tau2, yi = c(tf$yi), vi = tf$vi,
                      fill = tf$fill)
    )
  }
  rk <- ranktest(yi, vi)
  out$ranktest <- list(tau = unname(rk$tau), pval = rk$pval)
  l1 <- leave1out(rma(yi, vi, method = "REML", control = ctrl))
  out$leave1out_REML <- list(estimate = l1$estimate, se = l1$se, pval = l1$pval, ci_lb = l1$ci.lb,
                             ci_ub = l1$ci.ub, Q = l1$Q, Qp = l1$Qp, tau2 = l1$tau2, I2 = l1$I2)
  out
}

ref <- list(metafor_version = as.character(packageVersion("metafor")),
            metadat_version = as.character(packageVersion("metadat")),
            R_version = R.version.string)

## 1. dat.bcg (BCG vaccine, 13 trials): 2x2 counts, RR/OR/RD, moderator ablat, subgroup alloc
data(dat.bcg)
write.csv(dat.bcg, file.path(outdir, "dat_bcg.csv"), row.names = FALSE)
bcg <- list()
for (meas in c("RR", "OR", "RD")) {
  es <- escalc(measure = meas, ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
  bcg[[meas]] <- list(yi = c(es$yi), vi = es$vi, fits = all_fits(es$yi, es$vi),
                      mh = mh_summary(dat.bcg$tpos, dat.bcg$tneg, dat.bcg$cpos, dat.bcg$cneg, meas))
}
es <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
bcg$RR$bias <- bias_summary(es$yi, es$vi)
# prediction interval with t(k - 2) (Riley et al. 2011; metafor predict(pi.type = "riley"))
for (t in c("z", "knha")) {
  fit <- rma(es$yi, es$vi, method = "REML", test = t, control = ctrl)
  pr <- predict(fit, pi.type = "riley")
  bcg$RR[[paste0("pi_riley_REML_", t)]] <- list(pi_lb = pr$pi.lb, pi_ub = pr$pi.ub)
}
# meta-regression on absolute latitude
for (t in c("z", "knha")) {
  mr <- rma(yi, vi, mods = ~ ablat, data = es, method = "REML", test = t, control = ctrl)
  bcg$RR[[paste0("metareg_ablat_", t)]] <- list(
    beta = c(mr$beta), se = mr$se, zval = mr$zval, pval = mr$pval, ci_lb = mr$ci.lb, ci_ub = mr$ci.ub,
    tau2 = mr$tau2, I2 = mr$I2, QE = mr$QE, QEp = mr$QEp, QM = mr$QM, QMp = mr$QMp, R2 = mr$R2)
}
# subgroups by allocation: separate REML fits, then a fixed-effect test of the subgroup estimates
sub <- list()
for (g in sort(unique(dat.bcg$alloc))) {
  f <- rma(yi, vi, data = es, subset = alloc == g, method = "REML", control = ctrl)
  sub[[g]] <- list(k = f$k, estimate = c(f$beta), se = f$se, ci_lb = f$ci.lb, ci_ub = f$ci.ub,
                   tau2 = f$tau2, I2 = f$I2, QE = f$QE, QEp = f$QEp)
}
ests <- sapply(sub, function(s) s$estimate); ses <- sapply(sub, function(s) s$se)
between <- rma(ests, sei = ses, method = "FE")
bcg$RR$subgroup_alloc_REML <- list(groups = sub, Qb = between$QE, Qb_df = length(ests) - 1, Qb_p = between$QEp)
ref$bcg <- bcg

## 2. dat.normand1999 (length of stay, 9 studies): means/SDs, MD and SMD
data(dat.normand1999)
write.csv(dat.normand1999, file.path(outdir, "dat_normand1999.csv"), row.names = FALSE)
normand <- list()
for (meas in c("MD", "SMD")) {
  es <- escalc(measure = meas, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
               data = dat.normand1999)
  normand[[meas]] <- list(yi = c(es$yi), vi = es$vi, fits = all_fits(es$yi, es$vi))
}
ref$normand1999 <- normand

## 3. dat.hackshaw1998 (ETS and lung cancer, 37 studies): precomputed log OR; publication bias
data(dat.hackshaw1998)
write.csv(dat.hackshaw1998, file.path(outdir, "dat_hackshaw1998.csv"), row.names = FALSE)
ref$hackshaw1998 <- list(fits = all_fits(dat.hackshaw1998$yi, dat.hackshaw1998$vi),
                         bias = bias_summary(dat.hackshaw1998$yi, dat.hackshaw1998$vi))

## 4. dat.nielweise2007 (catheter infections, 18 trials): zero cells and a double-zero trial
data(dat.nielweise2007)
write.csv(dat.nielweise2007, file.path(outdir, "dat_nielweise2007.csv"), row.names = FALSE)
niel <- list()
d <- dat.nielweise2007
for (meas in c("RR", "OR", "RD")) {
  es <- escalc(measure = meas, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d)
  niel[[meas]] <- list(yi = c(es$yi), vi = es$vi, fits = all_fits(es$yi, es$vi),
                       mh = mh_summary(d$ai, d$n1i - d$ai, d$ci, d$n2i - d$ci, meas))
}
ref$nielweise2007 <- niel

## 5. dat.curtis1998 (CO2 and plant growth, 102 obs): SMD with REML, subgroup by fungrp
data(dat.curtis1998)
write.csv(dat.curtis1998, file.path(outdir, "dat_curtis1998.csv"), row.names = FALSE)
es <- escalc(measure = "SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
             data = dat.curtis1998)
cur <- list(yi = c(es$yi), vi = es$vi, fits = all_fits(es$yi, es$vi))
sub <- list()
for (g in sort(unique(as.character(dat.curtis1998$fungrp)))) {
  f <- rma(yi, vi, data = es, subset = fungrp == g, method = "REML", control = ctrl)
  sub[[g]] <- list(k = f$k, estimate = c(f$beta), se = f$se, tau2 = f$tau2, QE = f$QE)
}
ests <- sapply(sub, function(s) s$estimate); ses <- sapply(sub, function(s) s$se)
between <- rma(ests, sei = ses, method = "FE")
cur$subgroup_fungrp_REML <- list(groups = sub, Qb = between$QE, Qb_p = between$QEp)
mr <- rma(yi, vi, mods = ~ xtrt, data = es, method = "ML", control = ctrl)
cur$metareg_xtrt_ML <- list(beta = c(mr$beta), se = mr$se, tau2 = mr$tau2, QM = mr$QM, QMp = mr$QMp, QE = mr$QE)
ref$curtis1998 <- cur

## 6. dat.molloy2014 (conscientiousness and adherence, 16 studies): Fisher z of r, precomputed yi/vi
data(dat.molloy2014)
es <- escalc(measure = "ZCOR", ri = ri, ni = ni, data = dat.molloy2014)
write.csv(data.frame(study = paste(es$authors, es$year), yi = c(es$yi), vi = es$vi, controls = es$controls),
          file.path(outdir, "dat_molloy2014.csv"), row.names = FALSE)
ref$molloy2014 <- list(fits = all_fits(es$yi, es$vi), bias = bias_summary(es$yi, es$vi))

## 7. Effect sizes from summary statistics (escalc on small illustrative inputs)
prepost <- data.frame(m_pre = c(10.2, 25.1, 3.4), m_post = c(14.8, 31.0, 5.9), sd_pre = c(4.1, 8.2, 1.7),
                      sd_post = c(4.9, 9.0, 2.2), n = c(12, 30, 8), r = c(0.6, 0.45, 0.8))
smcr <- escalc(measure = "SMCR", m1i = m_post, m2i = m_pre, sd1i = sd_pre, ni = n, ri = r, data = prepost)
smcc <- escalc(measure = "SMCC", m1i = m_post, m2i = m_pre, sd1i = sd_post, sd2i = sd_pre, ni = n, ri = r,
               data = prepost)
# pre/post with a control group: difference of the two groups' SMCR (Becker 1988; Morris 2008 d_ppc1)
ctl <- data.frame(m_pre = c(10.0, 24.5, 3.6), m_post = c(11.1, 26.0, 4.0), sd_pre = c(3.9, 7.7, 1.5),
                  n = c(11, 28, 9), r = c(0.6, 0.45, 0.8))
smcr_c <- escalc(measure = "SMCR", m1i = m_post, m2i = m_pre, sd1i = sd_pre, ni = n, ri = r, data = ctl)
ttab <- data.frame(t = c(2.5, -1.2, 4.01), n1 = c(15, 40, 9), n2 = c(14, 38, 10))
smd_t <- escalc(measure = "SMD", ti = t, n1i = n1, n2i = n2, data = ttab)
# t recovered from a two-sided p-value with n1 + n2 - 2 df, then the same conversion
ptab <- data.frame(p = c(0.016, 0.2301, 0.0008), n1 = c(15, 40, 9), n2 = c(14, 38, 10), sign = c(1, -1, 1))
ptab$t <- ptab$sign * qt(ptab$p / 2, df = ptab$n1 + ptab$n2 - 2, lower.tail = FALSE)
smd_p <- escalc(measure = "SMD", ti = t, n1i = n1, n2i = n2, data = ptab)
paired <- data.frame(a = c(20, 5, 12), b = c(9, 2, 1), c = c(3, 6, 4), d = c(18, 7, 30))
mp <- lapply(c("MPRD", "MPRR", "MPOR"), function(m) {
  e <- escalc(measure = m, ai = a, bi = b, ci = c, di = d, data = paired); list(yi = c(e$yi), vi = e$vi) })
names(mp) <- c("MPRD", "MPRR", "MPOR")
twobytwo <- data.frame(ai = c(0, 4, 0, 10), n1i = c(20, 25, 30, 50), ci = c(3, 0, 0, 20), n2i = c(21, 24, 30, 50))
bb <- lapply(c("RR", "OR", "RD"), function(m) {
  e <- escalc(measure = m, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = twobytwo); list(yi = c(e$yi), vi = e$vi) })
names(bb) <- c("RR", "OR", "RD")
# Wan et al. (2014) estimators written out in R (their eqs. for scenarios S1, S2, S3) for the same inputs
wan <- data.frame(a = c(2, 10, NA), q1 = c(NA, 20, 30), m = c(11, 28, 41), q3 = c(NA, 37, 55), b = c(30, 60, NA),
                  n = c(15, 40, 120))
xi <- qnorm((wan$n - 0.375) / (wan$n + 0.25)); eta <- qnorm((0.75 * wan$n - 0.125) / (wan$n + 0.25))
wan$mean <- c((wan$a[1] + 2 * wan$m[1] + wan$b[1]) / 4,
              (wan$a[2] + 2 * wan$q1[2] + 2 * wan$m[2] + 2 * wan$q3[2] + wan$b[2]) / 8,
              (wan$q1[3] + wan$m[3] + wan$q3[3]) / 3)
wan$sd <- c((wan$b[1] - wan$a[1]) / (2 * xi[1]),
            (wan$b[2] - wan$a[2]) / (4 * xi[2]) + (wan$q3[2] - wan$q1[2]) / (4 * eta[2]),
            (wan$q3[3] - wan$q1[3]) / (2 * eta[3]))
ref$effect_sizes <- list(
  prepost = prepost, control = ctl,
  SMCR = list(yi = c(smcr$yi), vi = smcr$vi), SMCC = list(yi = c(smcc$yi), vi = smcc$vi),
  SMCR_control = list(yi = c(smcr_c$yi), vi = smcr_c$vi),
  PPC = list(yi = c(smcr$yi) - c(smcr_c$yi), vi = smcr$vi + smcr_c$vi),
  t_table = ttab, SMD_from_t = list(yi = c(smd_t$yi), vi = smd_t$vi),
  p_table = ptab, SMD_from_p = list(yi = c(smd_p$yi), vi = smd_p$vi),
  paired_table = paired, paired = mp, twobytwo = twobytwo, twobytwo_es = bb, wan = wan)

writeLines(toJSON(ref, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE),
           file.path(outdir, "metafor_reference.json"))
cat("wrote", file.path(outdir, "metafor_reference.json"), "\n")

## 8. The package's illustrative example (examples/meta/contoh_pijat_oksitosin.csv, fictitious studies):
## MD with study C's mean/SD estimated from median and IQR (Wan et al. 2014, scenario S3, as above),
## REML; Q-profile CI with a wide tau2.max (metafor's default 100 would truncate the upper bound).
ex <- read.csv2("examples/meta/contoh_pijat_oksitosin.csv", stringsAsFactors = FALSE)
wan_s3 <- function(q1, m, q3, n) {
  eta <- qnorm((0.75 * n - 0.125) / (n + 0.25)); c((q1 + m + q3) / 3, (q3 - q1) / (2 * eta)) }
for (arm in c("t", "c")) {
  for (i in which(is.na(ex[[paste0("mean_", arm)]]))) {
    e <- wan_s3(ex[[paste0("q1_", arm)]][i], ex[[paste0("median_", arm)]][i], ex[[paste0("q3_", arm)]][i],
                ex[[paste0("n_", arm)]][i])
    ex[[paste0("mean_", arm)]][i] <- e[1]; ex[[paste0("sd_", arm)]][i] <- e[2]
  }
}
es <- escalc(measure = "MD", m1i = mean_t, sd1i = sd_t, n1i = n_t, m2i = mean_c, sd2i = sd_c, n2i = n_c, data = ex)
example <- list(yi = c(es$yi), vi = es$vi)
for (m in c("REML", "DL", "FE")) {
  fit <- rma(yi, vi, data = es, method = m, control = c(ctrl, list(tau2.max = 1e6)))
  example[[m]] <- fit_summary(fit, ci = FALSE)
  if (m != "FE") {
    cf <- confint(fit, control = list(tol = 1e-12, tau2.max = 1e6))$random
    example[[m]]$tau2_ci <- unname(cf["tau^2", 2:3]); example[[m]]$I2_ci <- unname(cf["I^2(%)", 2:3])
  }
}
ref$example_pijat <- example
writeLines(toJSON(ref, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE),
           file.path(outdir, "metafor_reference.json"))
