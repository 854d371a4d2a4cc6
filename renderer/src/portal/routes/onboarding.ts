/** The onboarding area's routes (none yet). */
export const onboardingRoutes = [] as const;
