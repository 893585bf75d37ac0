# Reference values for the covariate-adjusted ANCOVA (laktasi.stats.independent.ancova with
# covariates=, and its use in laktasi.trial.analysis), computed with R's lm. Run from the repo root:
#   Rscript r/stats/ancova_covariates.R > r/stats/ancova_covariates.json
# Tests read r/stats/ancova_covariates.json (they never run R). Needs jsonlite. Produced with R 4.
# Two arms: the arm coefficient of lm(post ~ arm + pre + cov1 + factor(cov2)) (estimate, t, p,
# residual df, confint). Three arms: the F test of the arm terms, anova(without arm, with arm).
# Incomplete rows are dropped by lm's default na.action (na.omit): complete cases over all terms.
suppressPackageStartupMessages(library(jsonlite))
cases <- list()

arm_coef <- function(fit, term) {
  co <- summary(fit)$coefficients[term, ]
  list(estimate = unname(co["Estimate"]), t = unname(co["t value"]), p_value = unname(co["Pr(>|t|)"]),
       df = fit$df.residual, ci = as.numeric(confint(fit)[term, ]), n = nobs(fit))
}

# ---- two arms, a numeric and a three-level categorical covariate, missing values in post and covariates
d <- data.frame(
  post = c(30, 28, 35, 26, 31, 29, 33, 27, 24, 32, 41, 38, 45, 36, 40, 43, 39, 37, 44, NA),
  pre = c(20, 19, 24, 18, 22, 20, 23, 17, 16, 21, 21, 19, 25, 18, 22, 23, 20, 19, 24, 22),
  umur = c(24, 31, 28, 22, NA, 35, 29, 26, 19, 33, 27, 30, 25, 21, 34, 28, 23, 32, 26, 29),
  paritas = c("primipara", "multipara", "grande", "primipara", "multipara", "primipara", "multipara",
              "grande", "primipara", NA, "multipara", "primipara", "grande", "primipara", "multipara",
              "multipara", "primipara", "grande", "multipara", "primipara"),
  arm = c(rep("kontrol", 10), rep("intervensi", 10)))
d$arm <- relevel(factor(d$arm), ref = "kontrol")
fit <- lm(post ~ arm + pre + umur + factor(paritas), data = d)
cases$two_arms <- c(list(source = "stats::lm(post ~ arm + pre + umur + factor(paritas)), arm relevelled to 'kontrol'",
                         post = d$post, pre = d$pre, umur = d$umur, paritas = d$paritas,
                         arm = as.character(d$arm)),
                    arm_coef(fit, "armintervensi"))

# ---- the same with a covariate aliased with umur (2 * umur): lm reports NA for it, the arm term is unchanged
d$umur2 <- 2 * d$umur
fit <- lm(post ~ arm + pre + umur + umur2 + factor(paritas), data = d)
cases$aliased <- c(list(source = "stats::lm(post ~ arm + pre + umur + umur2 + factor(paritas)); umur2 = 2 * umur",
                        umur2_coefficient_is_na = is.na(coef(fit)[["umur2"]])),
                   arm_coef(fit, "armintervensi"))

# ---- three arms: F test of the arm terms adjusted for pre and the covariates
set.seed(20261123)
n <- 30
g <- rep(c("a", "b", "c"), each = 10)
pre <- round(rnorm(n, 20, 3), 1)
umur <- round(runif(n, 18, 38))
paritas <- sample(c("primipara", "multipara"), n, replace = TRUE)
post <- round(pre + c(a = 0, b = 2, c = 3)[g] + 0.2 * (umur - 28) + 1.5 * (paritas == "multipara") + rnorm(n), 1)
d3 <- data.frame(post, pre, umur, paritas, g = factor(g))
full <- lm(post ~ g + pre + umur + factor(paritas), data = d3)
reduced <- lm(post ~ pre + umur + factor(paritas), data = d3)
av <- anova(reduced, full)
cases$three_arms <- list(source = "stats::anova(lm(post ~ pre + umur + factor(paritas)), lm(post ~ g + pre + umur + factor(paritas)))",
                         post = post, pre = pre, umur = umur, paritas = paritas, arm = g,
                         f = av$F[2], df_num = av$Df[2], df = full$df.residual, p_value = av[["Pr(>F)"]][2])

# ---- the study examples/study_three_times.csv with examples/design_three_times.yaml: day 3 on arm (reference K)
# adjusted for day 1, umur and paritas; then with umur blanked for SYN-003 and SYN-015 and paritas for SYN-020
s <- read.csv("examples/study_three_times.csv", stringsAsFactors = FALSE)
s$grup <- relevel(factor(s$grup), ref = "K")
fit <- lm(vol_h3 ~ grup + vol_h1 + umur + factor(paritas), data = s)
cases$study_three_times <- c(list(source = "stats::lm(vol_h3 ~ grup + vol_h1 + umur + factor(paritas)) on examples/study_three_times.csv"),
                             arm_coef(fit, "grupP"))
s$umur[s$no %in% c("SYN-003", "SYN-015")] <- NA
s$paritas[s$no == "SYN-020"] <- NA
fit <- lm(vol_h3 ~ grup + vol_h1 + umur + factor(paritas), data = s)
cases$study_three_times_missing <- c(list(source = "as study_three_times with umur NA for SYN-003, SYN-015 and paritas NA for SYN-020",
                                          blank_umur = c("SYN-003", "SYN-015"), blank_paritas = "SYN-020"),
                                     arm_coef(fit, "grupP"))

cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"))
cat("\n")
