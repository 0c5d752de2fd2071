import React from "react";
import { render as draw, screen } from "@testing-library/react";
import * as styles from "./styles.module.css";
import "./global.css";
export { Button } from "./Button";
export * from "./hooks";
const legacy = require("legacy");
const Lazy = React.lazy(() => import("./Lazy"));
