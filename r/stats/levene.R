# Reference values for laktasi.stats.independent.levene and the ANCOVA exact-fit case.
# Run from the repo root:  Rscript r/stats/levene.R > r/stats/levene.json
# car::leveneTest (car 3.1-1): center = mean is what SPSS prints; center = median (car's default) is
# Brown–Forsythe. Needs jsonlite, car (Debian r-cran-car).
suppressPackageStartupMessages({library(jsonlite); library(car)})
sets <- list(
  two_arms = list(y = c(4, 6, 5, 9, 12, 10, 7, 3), g = c("a", "a", "a", "a", "b", "b", "b", "b")),
  seedlike_post = list(y = c(35, 33, 30, 41, 28, 39, 26, 40, 22, 25, 19, 27, 24, 21, 23, 20),
                       g = rep(c("intervensi", "kontrol"), each = 8)),
  three_arms = list(y = c(12.1, 14.3, 11.8, 15.2, 13.3, 18.4, 22.1, 15.5, 25.3, 19.9, 16.2, 16.8, 17.1, 16.5, 16.9),
                    g = rep(c("A", "B", "C"), each = 5)),
  unequal_n = list(y = c(3, 5, 4, 4, 6, 10, 2, 14, 8, 1, 9, 12), g = c(rep("x", 5), rep("y", 7)))
)
cases <- list()
for (nm in names(sets)) {
  d <- sets[[nm]]; g <- factor(d$g)
  m <- leveneTest(d$y ~ g, center = mean); md <- leveneTest(d$y ~ g, center = median)
  cases[[nm]] <- list(source = "car::leveneTest(y ~ g, center = mean / median)", y = d$y, g = d$g,
                      f_mean = m[1, "F value"], df1 = m[1, "Df"], df2 = m[2, "Df"], p_mean = m[1, "Pr(>F)"],
                      f_median = md[1, "F value"], p_median = md[1, "Pr(>F)"])
}
# ANCOVA where post = pre + arm exactly: lm() warns "essentially perfect fit" and prints a huge t
pre <- c(1, 2, 3, 1, 2, 1, 2, 3, 1, 2); arm <- rep(c("c", "t"), each = 5); post <- pre + (arm == "t")
fit <- lm(post ~ arm + pre)
cases$exact_fit <- list(source = "lm(post ~ arm + pre): residual SS and the t R prints",
                        pre = pre, post = post, arm = arm, rss = sum(resid(fit)^2),
                        r_t = suppressWarnings(summary(fit))$coefficients["armt", "t value"])
cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
