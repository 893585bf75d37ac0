# Reference values for the meta-analysis additions of issue 13, computed with R + metafor.
#
# Run (from the repository root):  Rscript r/meta/issue13_reference.R
# Writes r/meta/issue13_reference.json (inputs and outputs, 15 significant digits); the Python
# tests read it and never run R.
#
# - REML/ML on a data set where plain Fisher scoring oscillates: metafor converges only with
#   step halving (control stepadj = 0.5); both study orders.
# - tau^2 estimators HE and SJ (rma, also with a moderator) on dat.bcg and dat.normand1999.
# - ROM (log ratio of means) on dat.curtis1998; single proportions PR, PLO, PFT with the
#   back-transformations metafor's predict(transf=) uses (exp, ilogit, ipft.hm).
# - one-group pre/post (SMCR, MC) and two-arm pre/post (difference of the arms' SMCR).
# - influence() (rstudent, DFFITS, Cook's distance, cov.ratio, hat, weights, tau2/QE deleted),
#   cumul() and baujat() on dat.bcg (log RR), REML and DL.
suppressPackageStartupMessages({ library(metafor); library(metadat); library(jsonlite) })
outdir <- "r/meta"
ctrl <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000)
ref <- list(metafor_version = as.character(packageVersion("metafor")),
            metadat_version = as.character(packageVersion("metadat")),
            R_version = R.version.string)

summ <- function(res) {
  pr <- predict(res)
  list(method = res$method, test = res$test, k = res$k, estimate = c(res$beta), se = res$se,
       zval = res$zval, pval = res$pval, ci_lb = res$ci.lb, ci_ub = res$ci.ub,
       tau2 = res$tau2, se_tau2 = res$se.tau2, I2 = res$I2, H2 = res$H2, QE = res$QE, QEp = res$QEp,
       pi_lb = pr$pi.lb, pi_ub = pr$pi.ub, weights = unname(weights(res)))
}

## 1. REML where Fisher scoring needs step halving
yi <- c(0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 2)
vi <- c(1, 3, 2, 2, .125, 1, 1, 1, 1, 2, 1)
plain <- tryCatch({ rma(yi, vi, method = "REML", control = list(threshold = 1e-12, maxiter = 1000)); "converged" },
                  error = function(e) conditionMessage(e))
hs <- list(yi = yi, vi = vi, plain_fisher_scoring = plain)
for (m in c("REML", "ML")) {
  c2 <- modifyList(ctrl, list(stepadj = 0.5))
  hs[[m]] <- summ(rma(yi, vi, method = m, control = c2))
  hs[[paste0(m, "_reversed")]] <- summ(rma(rev(yi), rev(vi), method = m, control = c2))
}
ref$step_halving <- hs
# ML that walks monotonely to the boundary tau^2 = 0 with growing steps (found by the property test)
y2 <- c(0.0, 4.125, -2.5, 0.0, 0.0, 2.0, 3.75, 0.0)
v2 <- c(0.375, 2.75, 2.0, 0.0625, 1.0, 1.0, 2.0, 0.0625)
ref$boundary_ml <- list(yi = y2, vi = v2, ML = summ(rma(y2, v2, method = "ML", control = ctrl)),
                        REML = summ(rma(y2, v2, method = "REML", control = ctrl)))

## 2. HE and SJ
data(dat.bcg)
bcg <- escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
data(dat.normand1999)
nor <- escalc("MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat.normand1999)
he_sj <- list()
for (nm in c("bcg", "normand", "stephalving")) {
  d <- switch(nm, bcg = bcg, normand = nor, stephalving = data.frame(yi = yi, vi = vi))
  out <- list(yi = c(d$yi), vi = c(d$vi))
  for (m in c("HE", "SJ")) for (t in c("z", "knha")) {
    out[[paste(m, t, sep = "_")]] <- summ(rma(d$yi, d$vi, method = m, test = t, control = ctrl))
  }
  he_sj[[nm]] <- out
}
for (m in c("HE", "SJ")) {
  r <- rma(yi, vi, mods = ~ ablat, data = bcg, method = m, control = ctrl)
  he_sj$bcg[[paste0("mods_", m)]] <- list(beta = c(r$beta), se = r$se, tau2 = r$tau2, se_tau2 = r$se.tau2,
                                          QM = r$QM, QMp = r$QMp, R2 = r$R2, ablat = dat.bcg$ablat)
}
ref$he_sj <- he_sj

## 3a. ROM
data(dat.curtis1998)
cu <- dat.curtis1998[1:20, ]
rom <- escalc("ROM", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = cu)
rr <- rma(yi, vi, data = rom, control = ctrl)
pe <- predict(rr, transf = exp)
ref$rom <- list(m1i = cu$m1i, sd1i = cu$sd1i, n1i = cu$n1i, m2i = cu$m2i, sd2i = cu$sd2i, n2i = cu$n2i,
                yi = c(rom$yi), vi = c(rom$vi), fit = summ(rr),
                exp = list(pred = pe$pred, ci_lb = pe$ci.lb, ci_ub = pe$ci.ub, pi_lb = pe$pi.lb, pi_ub = pe$pi.ub))

## 3b. single proportions (exclusive-breastfeeding prevalence; invented counts incl. 0 and all)
xi <- c(45, 120, 33, 210, 78, 15, 62, 0, 40)
ni <- c(100, 250, 80, 400, 150, 40, 110, 35, 40)
props <- list(xi = xi, ni = ni)
tr <- list(PR = NULL, PLO = transf.ilogit, PFT = transf.ipft.hm)
for (m in c("PR", "PLO", "PFT")) {
  es <- escalc(m, xi = xi, ni = ni)
  f <- rma(es$yi, es$vi, control = ctrl)
  if (m == "PFT") {
    pb <- predict(f, transf = transf.ipft.hm, targs = list(ni = ni))
    back <- transf.ipft.hm(c(es$yi), targs = list(ni = ni))
  } else if (m == "PLO") {
    pb <- predict(f, transf = transf.ilogit)
    back <- transf.ilogit(c(es$yi))
  } else {
    pb <- predict(f)
    back <- c(es$yi)
  }
  props[[m]] <- list(yi = c(es$yi), vi = c(es$vi), fit = summ(f), study_back = back,
                     back = list(pred = pb$pred, ci_lb = pb$ci.lb, ci_ub = pb$ci.ub, pi_lb = pb$pi.lb, pi_ub = pb$pi.ub))
}
ref$proportions <- props

## 3c. pre/post: one-group (SMCR, MC) and two-arm (SMCR difference, Morris 2008 d_ppc1)
pp <- data.frame(
  mean_pre_t = c(10.2, 8.5, 12.1, 9.0), sd_pre_t = c(4.1, 3.2, 5.0, 2.9),
  mean_post_t = c(14.8, 11.0, 15.2, 13.1), sd_post_t = c(4.9, 3.9, 5.5, 3.4), n_t = c(12, 20, 15, 30),
  mean_pre_c = c(10.0, 8.9, NA, 9.4), sd_pre_c = c(3.9, 3.0, NA, 3.1),
  mean_post_c = c(11.1, 9.5, NA, 10.2), sd_post_c = c(4.0, 3.3, NA, 3.0), n_c = c(11, 19, NA, 28),
  r = c(0.6, 0.5, 0.7, 0.5))
t_smcr <- escalc("SMCR", m1i = mean_post_t, m2i = mean_pre_t, sd1i = sd_pre_t, ni = n_t, ri = r, data = pp)
c_smcr <- escalc("SMCR", m1i = mean_post_c, m2i = mean_pre_c, sd1i = sd_pre_c, ni = n_c, ri = r, data = pp)
t_mc <- escalc("MC", m1i = mean_post_t, m2i = mean_pre_t, sd1i = sd_post_t, sd2i = sd_pre_t, ni = n_t, ri = r, data = pp)
c_mc <- escalc("MC", m1i = mean_post_c, m2i = mean_pre_c, sd1i = sd_post_c, sd2i = sd_pre_c, ni = n_c, ri = r, data = pp)
two <- !is.na(pp$n_c)
ref$prepost <- list(
  table = as.list(pp),
  SMCR = list(yi = ifelse(two, t_smcr$yi - c_smcr$yi, t_smcr$yi), vi = ifelse(two, t_smcr$vi + c_smcr$vi, t_smcr$vi)),
  MC = list(yi = ifelse(two, t_mc$yi - c_mc$yi, t_mc$yi), vi = ifelse(two, t_mc$vi + c_mc$vi, t_mc$vi)))

## 3d. influence, cumulative, Baujat (dat.bcg log RR)
diag_out <- list(yi = c(bcg$yi), vi = c(bcg$vi))
pdf(NULL)
for (m in c("REML", "DL", "FE")) {
  f <- rma(yi, vi, data = bcg, method = m, control = ctrl)
  inf <- influence(f)
  cu <- cumul(f)
  bj <- baujat(f)
  diag_out[[m]] <- list(
    rstudent = inf$inf$rstudent, dffits = inf$inf$dffits, cook_d = inf$inf$cook.d, cov_r = inf$inf$cov.r,
    tau2_del = inf$inf$tau2.del, QE_del = inf$inf$QE.del, hat = inf$inf$hat, weight = inf$inf$weight,
    dfbs = c(inf$dfbs$intrcpt), is_infl = inf$is.infl,
    cumul = list(estimate = cu$estimate, se = cu$se, zval = cu$zval, pval = cu$pval, ci_lb = cu$ci.lb,
                 ci_ub = cu$ci.ub, Q = cu$Q, Qp = cu$Qp, tau2 = cu$tau2, I2 = cu$I2),
    baujat = list(x = bj$x, y = bj$y))
}
dev.off()
ref$diagnostics <- diag_out

writeLines(toJSON(ref, auto_unbox = TRUE, digits = I(15), na = "null", null = "null", pretty = TRUE),
           file.path(outdir, "issue13_reference.json"))
cat("wrote", file.path(outdir, "issue13_reference.json"), "\n")
